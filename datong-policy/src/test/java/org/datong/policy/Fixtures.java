package org.datong.policy;

import org.datong.stix.StixObject;
import org.datong.stix.json.Json;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/** Partners, agreements and objects the policy tests share. */
final class Fixtures {
    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    static final Partner HOME = new Partner("identity--0c2e1d5e-5d4a-4b43-9a3e-4f0b0f3c7a11", "acme", "CN", "energy", null);
    static final Partner ABROAD = new Partner("identity--1d3f2e6f-6e5b-4c54-8b4f-5a1c1a4d8b22", "beta", "DE", null, null);
    static final String KEY_A = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
    static final String KEY_B = Base64.getUrlEncoder().withoutPadding().encodeToString("another secret key, 32 bytes!!!!".getBytes());

    private Fixtures() {
    }

    static JurisdictionRules cnRules() {
        try {
            return JurisdictionRules.parse(JurisdictionRules.DEFAULT_TEXT.replace("\"ZZ\"", "\"CN\""), "rules.json");
        } catch (RulesException e) {
            throw new IllegalStateException(e);
        }
    }

    static Agreement agreement(String id, Partner p, Tlp max, String grade, PersonalData.Treatment pd) {
        return new Agreement(id, p.name(), Agreement.Direction.BOTH, Set.of("*"), Set.of("*"), max, grade, pd, false,
                Set.of(), null, null, Agreement.State.ACTIVE, KEY_A);
    }

    static Policy.Request request(StixObject o, Partner p, List<Agreement> agreements) {
        return new Policy.Request(o, p, agreements, "c1", null, null, NOW, null, null);
    }

    static StixObject indicator(String extra) {
        return StixObject.of(Json.parseObject("""
                {"type": "indicator", "spec_version": "2.1", "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                 "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z",
                 "pattern": "[ipv4-addr:value = '203.0.113.9']", "pattern_type": "stix", "valid_from": "2026-01-01T00:00:00Z"%s}
                """.formatted(extra.isEmpty() ? "" : ", " + extra)));
    }

    static String marks(String... ids) {
        return "\"object_marking_refs\": [\"" + String.join("\", \"", ids) + "\"]";
    }
}
