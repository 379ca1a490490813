package org.datong.stix;

import java.util.Set;

/** The kinds of STIX object (STIX 2.1 section 2.1 and parts 4 to 7). */
public enum Category {
    /** STIX Domain Object (section 4). */
    SDO,
    /** STIX Relationship Object: relationship and sighting (section 5). */
    SRO,
    /** STIX Cyber-observable Object (section 6). */
    SCO,
    /** STIX Meta Object: marking-definition, language-content, extension-definition (section 7). */
    SMO,
    /** The bundle wrapper (section 8). */
    BUNDLE,
    /** A type the specification does not define: a custom object. */
    CUSTOM;

    /** The 19 domain object types of section 4. */
    public static final Set<String> SDO_TYPES = Set.of("attack-pattern", "campaign", "course-of-action", "grouping",
            "identity", "incident", "indicator", "infrastructure", "intrusion-set", "location", "malware",
            "malware-analysis", "note", "observed-data", "opinion", "report", "threat-actor", "tool", "vulnerability");

    /** The two relationship object types of section 5. */
    public static final Set<String> SRO_TYPES = Set.of("relationship", "sighting");

    /** The 18 cyber-observable object types of section 6. */
    public static final Set<String> SCO_TYPES = Set.of("artifact", "autonomous-system", "directory", "domain-name",
            "email-addr", "email-message", "file", "ipv4-addr", "ipv6-addr", "mac-addr", "mutex", "network-traffic",
            "process", "software", "url", "user-account", "windows-registry-key", "x509-certificate");

    /** The three meta object types of section 7. */
    public static final Set<String> SMO_TYPES = Set.of("marking-definition", "language-content", "extension-definition");

    /** The category of an object type; {@link #CUSTOM} for types the specification does not define. */
    public static Category of(String type) {
        if (type == null) {
            return CUSTOM;
        }
        if (SDO_TYPES.contains(type)) {
            return SDO;
        }
        if (SCO_TYPES.contains(type)) {
            return SCO;
        }
        if (SRO_TYPES.contains(type)) {
            return SRO;
        }
        if (SMO_TYPES.contains(type)) {
            return SMO;
        }
        return "bundle".equals(type) ? BUNDLE : CUSTOM;
    }
}
