package org.datong.policy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.datong.stix.StixObject;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonException;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonValue;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fuzzes the two places untrusted text meets the policy: the operator's rules
 * file (the only documented failure is {@link RulesException}) and decisions
 * over arbitrary objects (a decision, never an exception). In the normal
 * build this replays the seeds under
 * {@code src/test/resources/org/datong/policy/PolicyFuzzTestInputs}; with
 * {@code JAZZER_FUZZ=1} it fuzzes.
 */
class PolicyFuzzTest {
    private static final Policy POLICY = new Policy(Fixtures.cnRules(), Markings.standard());

    @FuzzTest(maxDuration = "60s")
    void rulesFilesAreAcceptedOrRejectedWithMessages(byte[] input) {
        try {
            JurisdictionRules r = JurisdictionRules.parse(new String(input, StandardCharsets.UTF_8), "rules.json");
            if (r.jurisdiction() == null || r.rules() == null) {
                throw new AssertionError("accepted rules without a jurisdiction");
            }
        } catch (RulesException e) {
            for (String p : e.problems()) {
                if (!p.startsWith("rules.json: ")) {
                    throw new AssertionError("a problem that does not name the file: " + p);
                }
            }
        }
    }

    @FuzzTest(maxDuration = "60s")
    void anyObjectGetsADecision(byte[] input) {
        JsonValue v;
        try {
            v = Json.parse(new String(input, StandardCharsets.UTF_8));
        } catch (JsonException e) {
            return;
        }
        if (!(v instanceof JsonObject o) || o.getString("type") == null || o.getString("id") == null) {
            return;
        }
        StixObject object = StixObject.of(o);
        for (PersonalData.Treatment t : PersonalData.Treatment.values()) {
            for (Partner p : List.of(Fixtures.HOME, Fixtures.ABROAD)) {
                Decision d = POLICY.decide(Fixtures.request(object, p, List.of(Fixtures.agreement("agr-1", p, Tlp.RED, "core", t))));
                if (d.rules().isEmpty() || d.explain().isBlank()) {
                    throw new AssertionError("a decision without reasons for " + o);
                }
                if (d instanceof Decision.Allow a && !a.object().type().equals(object.type())) {
                    throw new AssertionError("the type changed: " + a.object());
                }
            }
        }
    }
}
