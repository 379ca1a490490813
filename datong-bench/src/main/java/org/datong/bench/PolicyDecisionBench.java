package org.datong.bench;

import org.datong.policy.Agreement;
import org.datong.policy.Decision;
import org.datong.policy.JurisdictionRules;
import org.datong.policy.Markings;
import org.datong.policy.Partner;
import org.datong.policy.PersonalData;
import org.datong.policy.Policy;
import org.datong.policy.RulesException;
import org.datong.policy.Tlp;
import org.datong.stix.StixObject;
import org.datong.stix.json.Json;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Sharing decisions: {@code Policy.decide} for typical objects going to a
 * partner abroad under an active agreement with the default jurisdiction
 * rules (personal information minimised). {@code typical} cycles through
 * eight objects like a feed's: TLP-marked indicators, malware, a
 * relationship, an organisation, a graded indicator that goes to review, a
 * RED one that is denied. {@code personal} decides an indicator whose
 * description holds an e-mail address and a phone number (pseudonymised).
 * Run: {@code java -jar datong-bench/target/benchmarks.jar PolicyDecisionBench -t 1}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class PolicyDecisionBench {
    private static final String GREEN = Tlp.GREEN.tlp2Id();
    private static final String[] TYPICAL = {
            """
            {"type": "indicator", "spec_version": "2.1", "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
             "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z", "name": "C2 address",
             "pattern": "[ipv4-addr:value = '203.0.113.9']", "pattern_type": "stix", "valid_from": "2026-01-01T00:00:00Z",
             "indicator_types": ["malicious-activity"], "object_marking_refs": ["%1$s"]}""",
            """
            {"type": "indicator", "spec_version": "2.1", "id": "indicator--9e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
             "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z",
             "description": "Hash of the loader seen in the January wave",
             "pattern": "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
             "pattern_type": "stix", "valid_from": "2026-01-01T00:00:00Z", "object_marking_refs": ["%1$s"]}""",
            """
            {"type": "malware", "spec_version": "2.1", "id": "malware--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061",
             "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z", "name": "Paper Lantern",
             "is_family": true, "malware_types": ["backdoor"], "object_marking_refs": ["%1$s"]}""",
            """
            {"type": "relationship", "spec_version": "2.1", "id": "relationship--6e2c3b1a-4f1d-4e8a-9a1b-2c3d4e5f6a7b",
             "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z", "relationship_type": "indicates",
             "source_ref": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", "target_ref": "malware--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061",
             "object_marking_refs": ["%1$s"]}""",
            """
            {"type": "identity", "spec_version": "2.1", "id": "identity--0c2e1d5e-5d4a-4b43-9a3e-4f0b0f3c7a11",
             "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z", "name": "Acme Energy",
             "identity_class": "organization", "sectors": ["energy"], "object_marking_refs": ["%1$s"]}""",
            """
            {"type": "indicator", "spec_version": "2.1", "id": "indicator--ae2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
             "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z",
             "pattern": "[domain-name:value = 'update.example.net']", "pattern_type": "stix", "valid_from": "2026-01-01T00:00:00Z",
             "object_marking_refs": ["%1$s", "marking-definition--efe4d518-be9c-429e-8509-583d11a5dfc8"]}""",
            """
            {"type": "indicator", "spec_version": "2.1", "id": "indicator--be2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
             "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z",
             "pattern": "[url:value = 'http://update.example.net/a']", "pattern_type": "stix", "valid_from": "2026-01-01T00:00:00Z",
             "object_marking_refs": ["marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"]}""",
            """
            {"type": "attack-pattern", "spec_version": "2.1", "id": "attack-pattern--7e33a43e-e34b-40ec-89da-36c9bb2cacd5",
             "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z", "name": "Spearphishing Attachment",
             "kill_chain_phases": [{"kill_chain_name": "mitre-attack", "phase_name": "initial-access"}],
             "object_marking_refs": ["%1$s"]}"""
    };

    private Policy policy;
    private List<Policy.Request> typical;
    private Policy.Request personal;
    private int next;

    @Setup
    public void setUp() throws RulesException {
        policy = new Policy(JurisdictionRules.parse(JurisdictionRules.DEFAULT_TEXT.replace("\"ZZ\"", "\"CN\""), "rules"),
                Markings.standard());
        Partner partner = new Partner("identity--1d3f2e6f-6e5b-4c54-8b4f-5a1c1a4d8b22", "beta", "DE", null, null);
        Agreement agreement = new Agreement("agr-1", "beta", Agreement.Direction.BOTH, Set.of("*"), Set.of("*"), Tlp.AMBER,
                "important", PersonalData.Treatment.MINIMISE, false, Set.of(), null, null, Agreement.State.ACTIVE,
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        Instant now = Instant.parse("2026-03-01T10:00:00Z");
        typical = new ArrayList<>();
        for (String t : TYPICAL) {
            StixObject o = StixObject.of(Json.parseObject(t.formatted(GREEN)));
            typical.add(new Policy.Request(o, partner, List.of(agreement), "c1", null, null, now, id -> false, id -> null));
        }
        StixObject pii = StixObject.of(Json.parseObject("""
                {"type": "indicator", "spec_version": "2.1", "id": "indicator--ce2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                 "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z",
                 "description": "Reported by ops@victim.example, call +86 138-0013-8000",
                 "pattern": "[ipv4-addr:value = '203.0.113.9']", "pattern_type": "stix", "valid_from": "2026-01-01T00:00:00Z",
                 "object_marking_refs": ["%s"]}""".formatted(GREEN)));
        personal = new Policy.Request(pii, partner, List.of(agreement), "c1", null, null, now, id -> false, id -> null);
    }

    @Benchmark
    public Decision typical() {
        Policy.Request r = typical.get(next);
        next = (next + 1) % typical.size();
        return policy.decide(r);
    }

    @Benchmark
    public Decision personal() {
        return policy.decide(personal);
    }
}
