package org.datong.stix;

import java.util.Map;
import java.util.Set;

/**
 * The vocabularies and enumerations of STIX 2.1 section 10 (with Errata 01).
 * Names ending in {@code -ov} are open vocabularies (other values are allowed
 * but worth a warning); names ending in {@code -enum} are closed enumerations
 * (other values are errors).
 */
final class Vocabularies {
    /**
     * A vocabulary.
     *
     * @param name    its name in the specification, like {@code malware-type-ov}
     * @param section the section that defines it
     * @param values  the values it lists
     */
    record Vocabulary(String name, String section, Set<String> values) {
        boolean open() {
            return name.endsWith("-ov");
        }
    }

    private Vocabularies() {
    }

    static final Map<String, Vocabulary> ALL = Map.ofEntries(
            Map.entry("account-type-ov", new Vocabulary("account-type-ov", "10.1", Set.of("facebook", "ldap", "nis", "openid", "radius", "skype", "tacacs", "twitter", "unix", "windows-domain", "windows-local"))),
            Map.entry("attack-motivation-ov", new Vocabulary("attack-motivation-ov", "10.2", Set.of("accidental", "coercion", "dominance", "ideology", "notoriety", "organizational-gain", "personal-gain", "personal-satisfaction", "revenge", "unpredictable"))),
            Map.entry("attack-resource-level-ov", new Vocabulary("attack-resource-level-ov", "10.3", Set.of("club", "contest", "government", "individual", "organization", "team"))),
            Map.entry("encryption-algorithm-enum", new Vocabulary("encryption-algorithm-enum", "10.4", Set.of("AES-256-GCM", "ChaCha20-Poly1305", "mime-type-indicated"))),
            Map.entry("extension-type-enum", new Vocabulary("extension-type-enum", "10.5", Set.of("new-sco", "new-sdo", "new-sro", "property-extension", "toplevel-property-extension"))),
            Map.entry("grouping-context-ov", new Vocabulary("grouping-context-ov", "10.6", Set.of("malware-analysis", "suspicious-activity", "suspicious-activity-event", "unspecified"))),
            Map.entry("hash-algorithm-ov", new Vocabulary("hash-algorithm-ov", "10.7", Set.of("MD5", "SHA-1", "SHA-256", "SHA-512", "SHA3-256", "SHA3-512", "SSDEEP", "TLSH"))),
            Map.entry("identity-class-ov", new Vocabulary("identity-class-ov", "10.8", Set.of("class", "group", "individual", "organization", "system", "unknown"))),
            Map.entry("implementation-language-ov", new Vocabulary("implementation-language-ov", "10.9", Set.of("applescript", "bash", "c", "c#", "c++", "go", "java", "javascript", "lua", "objective-c", "perl", "php", "powershell", "python", "ruby", "rust", "scala", "swift", "typescript", "visual-basic", "x86-32", "x86-64"))),
            Map.entry("indicator-type-ov", new Vocabulary("indicator-type-ov", "10.10", Set.of("anomalous-activity", "anonymization", "attribution", "benign", "compromised", "malicious-activity", "unknown"))),
            Map.entry("industry-sector-ov", new Vocabulary("industry-sector-ov", "10.11", Set.of("aerospace", "agriculture", "automotive", "chemical", "commercial", "communications", "construction", "dams", "defense", "education", "emergency-services", "energy", "entertainment", "financial-services", "government", "government-local", "government-national", "government-public-services", "government-regional", "healthcare", "hospitality-leisure", "infrastructure", "insurance", "legal", "manufacturing", "mining", "non-profit", "nuclear", "pharmaceuticals", "retail", "technology", "telecommunications", "transportation", "utilities", "water"))),
            Map.entry("infrastructure-type-ov", new Vocabulary("infrastructure-type-ov", "10.12", Set.of("amplification", "anonymization", "botnet", "command-and-control", "control-system", "exfiltration", "firewall", "hosting-malware", "hosting-target-lists", "phishing", "reconnaissance", "routers-switches", "staging", "unknown", "workstation"))),
            Map.entry("malware-capabilities-ov", new Vocabulary("malware-capabilities-ov", "10.13", Set.of("accesses-remote-machines", "anti-debugging", "anti-disassembly", "anti-emulation", "anti-memory-forensics", "anti-sandbox", "anti-vm", "captures-input-peripherals", "captures-output-peripherals", "captures-system-state-data", "cleans-traces-of-infection", "commits-fraud", "communicates-with-c2", "compromises-data-availability", "compromises-data-integrity", "compromises-system-availability", "controls-local-machine", "degrades-security-software", "degrades-system-updates", "determines-c2-server", "emails-spam", "escalates-privileges", "evades-av", "exfiltrates-data", "fingerprints-host", "hides-artifacts", "hides-executing-code", "infects-files", "infects-remote-machines", "installs-other-components", "persists-after-system-reboot", "prevents-artifact-access", "prevents-artifact-deletion", "probes-network-environment", "self-modifies", "steals-authentication-credentials", "violates-system-operational-integrity"))),
            Map.entry("malware-result-ov", new Vocabulary("malware-result-ov", "10.14", Set.of("benign", "malicious", "suspicious", "unknown"))),
            Map.entry("malware-type-ov", new Vocabulary("malware-type-ov", "10.15", Set.of("adware", "backdoor", "bootkit", "bot", "ddos", "downloader", "dropper", "exploit-kit", "keylogger", "ransomware", "remote-access-trojan", "resource-exploitation", "rogue-security-software", "rootkit", "screen-capture", "spyware", "trojan", "unknown", "virus", "webshell", "wiper", "worm"))),
            Map.entry("network-socket-address-family-enum", new Vocabulary("network-socket-address-family-enum", "10.16", Set.of("AF_APPLETALK", "AF_BTH", "AF_INET", "AF_INET6", "AF_IPX", "AF_IRDA", "AF_NETBIOS", "AF_UNSPEC"))),
            Map.entry("network-socket-type-enum", new Vocabulary("network-socket-type-enum", "10.17", Set.of("SOCK_DGRAM", "SOCK_RAW", "SOCK_RDM", "SOCK_SEQPACKET", "SOCK_STREAM"))),
            Map.entry("opinion-enum", new Vocabulary("opinion-enum", "10.18", Set.of("agree", "disagree", "neutral", "strongly-agree", "strongly-disagree"))),
            Map.entry("pattern-type-ov", new Vocabulary("pattern-type-ov", "10.19", Set.of("pcre", "sigma", "snort", "stix", "suricata", "yara"))),
            Map.entry("processor-architecture-ov", new Vocabulary("processor-architecture-ov", "10.20", Set.of("alpha", "arm", "ia-64", "mips", "powerpc", "sparc", "x86", "x86-64"))),
            Map.entry("region-ov", new Vocabulary("region-ov", "10.21", Set.of("africa", "americas", "antarctica", "asia", "australia-new-zealand", "caribbean", "central-america", "central-asia", "eastern-africa", "eastern-asia", "eastern-europe", "europe", "latin-america-caribbean", "melanesia", "micronesia", "middle-africa", "northern-africa", "northern-america", "northern-europe", "oceania", "polynesia", "south-america", "south-eastern-asia", "southern-africa", "southern-asia", "southern-europe", "western-africa", "western-asia", "western-europe"))),
            Map.entry("report-type-ov", new Vocabulary("report-type-ov", "10.22", Set.of("attack-pattern", "campaign", "identity", "incident", "indicator", "intrusion-set", "malware", "observed-data", "threat-actor", "threat-report", "tool", "vulnerability"))),
            Map.entry("threat-actor-type-ov", new Vocabulary("threat-actor-type-ov", "10.23", Set.of("activist", "competitor", "crime-syndicate", "criminal", "hacker", "insider-accidental", "insider-disgruntled", "nation-state", "private-sector", "sensationalist", "spy", "terrorist", "unknown"))),
            Map.entry("threat-actor-role-ov", new Vocabulary("threat-actor-role-ov", "10.24", Set.of("agent", "director", "independent", "infrastructure-architect", "infrastructure-operator", "malware-author", "sponsor"))),
            Map.entry("threat-actor-sophistication-ov", new Vocabulary("threat-actor-sophistication-ov", "10.25", Set.of("advanced", "expert", "innovator", "intermediate", "minimal", "none", "strategic"))),
            Map.entry("tool-type-ov", new Vocabulary("tool-type-ov", "10.26", Set.of("credential-exploitation", "denial-of-service", "exploitation", "information-gathering", "network-capture", "remote-access", "unknown", "vulnerability-scanning"))),
            Map.entry("windows-integrity-level-enum", new Vocabulary("windows-integrity-level-enum", "10.27", Set.of("high", "low", "medium", "system"))),
            Map.entry("windows-pebinary-type-ov", new Vocabulary("windows-pebinary-type-ov", "10.28", Set.of("dll", "exe", "sys"))),
            Map.entry("windows-registry-datatype-enum", new Vocabulary("windows-registry-datatype-enum", "10.29", Set.of("REG_BINARY", "REG_DWORD", "REG_DWORD_BIG_ENDIAN", "REG_DWORD_LITTLE_ENDIAN", "REG_EXPAND_SZ", "REG_FULL_RESOURCE_DESCRIPTION", "REG_INVALID_TYPE", "REG_LINK", "REG_MULTI_SZ", "REG_NONE", "REG_QWORD", "REG_RESOURCE_LIST", "REG_RESOURCE_REQUIREMENTS_LIST", "REG_SZ"))),
            Map.entry("windows-service-start-type-enum", new Vocabulary("windows-service-start-type-enum", "10.30", Set.of("SERVICE_AUTO_START", "SERVICE_BOOT_START", "SERVICE_DEMAND_START", "SERVICE_DISABLED", "SERVICE_SYSTEM_ALERT"))),
            Map.entry("windows-service-type-enum", new Vocabulary("windows-service-type-enum", "10.31", Set.of("SERVICE_FILE_SYSTEM_DRIVER", "SERVICE_KERNEL_DRIVER", "SERVICE_WIN32_OWN_PROCESS", "SERVICE_WIN32_SHARE_PROCESS"))),
            Map.entry("windows-service-status-enum", new Vocabulary("windows-service-status-enum", "10.32", Set.of("SERVICE_CONTINUE_PENDING", "SERVICE_PAUSED", "SERVICE_PAUSE_PENDING", "SERVICE_RUNNING", "SERVICE_START_PENDING", "SERVICE_STOPPED", "SERVICE_STOP_PENDING"))));

    static Vocabulary get(String name) {
        Vocabulary v = ALL.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no vocabulary " + name);
        }
        return v;
    }
}
