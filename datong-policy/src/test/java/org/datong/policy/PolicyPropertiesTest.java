package org.datong.policy;

import org.datong.stix.Finding;
import org.datong.stix.ScoIds;
import org.datong.stix.StixObject;
import org.datong.stix.Validator;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Policy invariants over generated objects, markings, agreements and
 * partners (seeded, so a failure names a case that can be replayed):
 * TLP:RED and AMBER+STRICT never reach a partner not entitled, core never
 * crosses a jurisdiction, no personal field survives where minimisation is
 * required, every output is valid STIX, and the same input always gives the
 * same decision.
 */
class PolicyPropertiesTest {
    private static final long SEED = 20260301L;
    private static final int CASES = 3000;
    private static final Validator VALIDATOR = Validator.standard();
    private static final JsonObject STATEMENT = Json.parseObject("""
            {"type": "marking-definition", "spec_version": "2.1", "id": "marking-definition--d3c8f2a1-1b2c-4d3e-8f4a-5b6c7d8e9f01",
             "created": "2026-01-01T00:00:00.000Z", "definition_type": "statement", "definition": {"statement": "Copyright 2026 Acme"}}""");
    private static final Markings MARKINGS = Markings.standard().with(STATEMENT);

    /** One generated case. */
    record Case(int n, StixObject object, Partner partner, Agreement agreement, String collectionGrade,
                String recordedGrade, Set<String> individuals, JurisdictionRules rules) {
    }

    @Test
    void invariantsHoldForGeneratedCases() {
        Random r = new Random(SEED);
        int allowed = 0;
        int denied = 0;
        int reviewed = 0;
        int transformed = 0;
        for (int n = 0; n < CASES; n++) {
            Case c = generate(r, n);
            List<Finding> inputErrors = VALIDATOR.validate(c.object().json(), "$").stream().filter(Finding::isError).toList();
            assertThat(inputErrors).as("case %d generated an invalid object %s", n, c.object()).isEmpty();
            Policy policy = new Policy(c.rules(), MARKINGS);
            Decision d = policy.decide(request(c));
            // determinism: the same input, even re-parsed, gives the same decision
            Case again = new Case(n, StixObject.of(Json.parseObject(c.object().toString())), c.partner(), c.agreement(),
                    c.collectionGrade(), c.recordedGrade(), c.individuals(), c.rules());
            Decision d2 = new Policy(c.rules(), MARKINGS).decide(request(again));
            assertThat(d2.explain()).as("case %d", n).isEqualTo(d.explain());
            assertThat(output(d2)).as("case %d", n).isEqualTo(output(d));

            StixObject out = output(d);
            switch (d) {
                case Decision.Deny x -> denied++;
                case Decision.Review x -> reviewed++;
                case Decision.Allow x -> allowed++;
            }
            if (out == null) {
                continue;
            }
            if (!out.equals(c.object())) {
                transformed++;
            }
            String why = "case " + n + ": " + c.object() + "\n-> " + d.explain() + "\n-> " + out;
            // TLP: neither the object nor any property above what the agreement allows
            EffectiveMarkings in = MARKINGS.effective(c.object());
            Tlp tlp = in.objectTlp() == null ? c.rules().defaultTlp() : in.objectTlp();
            assertThat(tlp.above(c.agreement().maxTlp())).as(why).isFalse();
            EffectiveMarkings em = MARKINGS.effective(out);
            for (String prop : em.granular().keySet()) {
                Tlp pt = em.propertyTlp(prop);
                assertThat(pt != null && pt.above(c.agreement().maxTlp()) && out.json().has(prop)).as(why).isFalse();
            }
            if (tlp == Tlp.RED || tlp == Tlp.AMBER_STRICT) {
                assertThat(c.agreement().maxTlp().compareTo(tlp)).as(why).isGreaterThanOrEqualTo(0);
            }
            // grades: core never goes abroad; what leaves carries at least the grade it had
            boolean foreign = c.rules().foreign(c.partner().jurisdiction());
            String grade = em.grade(c.rules().scheme());
            if (foreign) {
                assertThat(grade).as(why).isNotEqualTo("core");
                assertThat(d.facts().grade()).as(why).isNotEqualTo("core");
            }
            String before = in.grade(c.rules().scheme());
            if (before != null && !out.type().endsWith("-definition")) {
                assertThat(c.rules().scheme().rank(grade)).as(why).isGreaterThanOrEqualTo(c.rules().scheme().rank(before));
            }
            // personal information: the default rules always require minimising
            assertThat(PersonalData.find(out.json(), c.rules().personalIpAddresses(), c.individuals()::contains)).as(why).isEmpty();
            // every output is valid STIX
            assertThat(VALIDATOR.validate(out.json(), "$").stream().filter(Finding::isError).toList()).as(why).isEmpty();
        }
        // the generator reaches every outcome, so the invariants above were exercised
        assertThat(allowed).isGreaterThan(CASES / 10);
        assertThat(denied).isGreaterThan(CASES / 10);
        assertThat(reviewed).isGreaterThan(CASES / 50);
        assertThat(transformed).isGreaterThan(CASES / 20);
    }

    private static Policy.Request request(Case c) {
        return new Policy.Request(c.object(), c.partner(), List.of(c.agreement()), "c1", c.collectionGrade(), c.recordedGrade(),
                Fixtures.NOW, c.individuals()::contains, id -> null);
    }

    private static StixObject output(Decision d) {
        return switch (d) {
            case Decision.Allow a -> a.object();
            case Decision.Review r -> r.object();
            case Decision.Deny x -> null;
        };
    }

    // ---- generators

    private static final String[] TYPES = {"indicator", "malware", "identity", "email-addr", "ipv4-addr", "ipv6-addr",
            "relationship", "sighting", "location", "user-account", "note"};
    private static final String[] GRADES = {"general", "important", "core"};

    static Case generate(Random r, int n) {
        boolean personalIps = r.nextInt(3) == 0;
        JurisdictionRules rules;
        try {
            rules = JurisdictionRules.parse(JurisdictionRules.DEFAULT_TEXT.replace("\"ZZ\"", "\"CN\"")
                    .replace("\"personal_ip_addresses\": false", "\"personal_ip_addresses\": " + personalIps), "rules.json");
        } catch (RulesException e) {
            throw new IllegalStateException(e);
        }
        Partner partner = r.nextBoolean() ? Fixtures.HOME : Fixtures.ABROAD;
        Set<String> reviewGrades = new HashSet<>();
        if (r.nextInt(4) == 0) {
            reviewGrades.add(pick(r, GRADES));
        }
        Agreement a = new Agreement("agr-" + n, partner.name(), r.nextInt(5) == 0 ? Agreement.Direction.BOTH : Agreement.Direction.SEND,
                Set.of("*"), Set.of("*"), pick(r, Tlp.values()), pick(r, GRADES),
                pick(r, PersonalData.Treatment.values()), r.nextBoolean(), reviewGrades, null, null,
                r.nextInt(10) == 0 ? Agreement.State.SUSPENDED : Agreement.State.ACTIVE, Fixtures.KEY_A);
        Set<String> individuals = new HashSet<>();
        String person = "identity--" + uuid(r);
        individuals.add(person);
        JsonObject o = object(r, pick(r, TYPES), person);
        return new Case(n, StixObject.of(o), partner, a, r.nextInt(3) == 0 ? pick(r, GRADES) : null,
                r.nextInt(6) == 0 ? pick(r, GRADES) : null, individuals, rules);
    }

    private static JsonObject object(Random r, String type, String person) {
        JsonObject.Builder b = JsonObject.builder().put("type", type).put("spec_version", "2.1");
        boolean sco = type.endsWith("-addr") || type.equals("user-account");
        String id = type + "--" + uuid(r);
        b.put("id", id);
        if (!sco) {
            b.put("created", "2026-01-01T00:00:00.000Z").put("modified", "2026-01-0" + (1 + r.nextInt(9)) + "T00:00:00.000Z");
        }
        boolean hasDescription = false;
        switch (type) {
            case "indicator" -> {
                b.put("pattern", "[ipv4-addr:value = '203.0.113." + r.nextInt(250) + "']").put("pattern_type", "stix")
                        .put("valid_from", "2026-01-01T00:00:00Z");
                hasDescription = r.nextBoolean();
            }
            case "malware" -> {
                b.put("name", "mal" + r.nextInt(100)).put("is_family", r.nextBoolean());
                hasDescription = r.nextBoolean();
            }
            case "identity" -> {
                boolean individual = r.nextBoolean();
                b.put("id", individual ? person : id);
                b.put("name", individual ? "Person " + r.nextInt(100) : "Org " + r.nextInt(100))
                        .put("identity_class", individual ? "individual" : "organization");
                if (r.nextBoolean()) {
                    b.put("contact_information", text(r));
                }
                hasDescription = r.nextBoolean();
            }
            case "email-addr" -> {
                b.put("value", "user" + r.nextInt(1000) + "@example.org");
                if (r.nextBoolean()) {
                    b.put("display_name", "User Name");
                }
            }
            case "ipv4-addr" -> b.put("value", "198.51." + r.nextInt(256) + "." + r.nextInt(256));
            case "ipv6-addr" -> b.put("value", "2001:db8:" + Integer.toHexString(r.nextInt(65536)) + ":1::" + Integer.toHexString(1 + r.nextInt(999)));
            case "user-account" -> {
                b.put("user_id", String.valueOf(r.nextInt(10000))).put("account_login", "login" + r.nextInt(100));
                if (r.nextBoolean()) {
                    b.put("credential", "secret");
                }
            }
            case "relationship" -> {
                String[] targets = {"email-addr--" + uuid(r), person, "malware--" + uuid(r), "user-account--" + uuid(r)};
                b.put("relationship_type", "related-to").put("source_ref", "indicator--" + uuid(r))
                        .put("target_ref", pick(r, targets));
            }
            case "sighting" -> {
                b.put("sighting_of_ref", "indicator--" + uuid(r));
                List<String> where = new ArrayList<>();
                where.add(person);
                if (r.nextBoolean()) {
                    where.add("identity--" + uuid(r));
                }
                b.put("where_sighted_refs", JsonArray.ofStrings(where));
            }
            case "location" -> {
                b.put("country", "cn");
                if (r.nextBoolean()) {
                    b.put("street_address", r.nextInt(100) + " Example Road");
                }
            }
            case "note" -> {
                b.put("content", text(r));
                b.put("object_refs", JsonArray.ofStrings(r.nextBoolean() ? List.of(person)
                        : List.of(person, "malware--" + uuid(r))));
            }
            default -> throw new IllegalStateException(type);
        }
        if (hasDescription) {
            b.put("description", text(r));
        }
        List<String> marks = new ArrayList<>();
        if (r.nextInt(5) != 0) {
            Tlp t = pick(r, Tlp.values());
            marks.add(t.tlp1Id() != null && r.nextBoolean() ? t.tlp1Id() : t.tlp2Id());
        }
        if (r.nextInt(3) == 0) {
            marks.add(GradeScheme.markingId(pick(r, GRADES)));
        }
        if (r.nextInt(4) == 0) {
            marks.add(pick(r, Pap.values()).markingId());
        }
        if (r.nextInt(6) == 0) {
            marks.add(STATEMENT.getString("id"));
        }
        if (!marks.isEmpty()) {
            b.put("object_marking_refs", JsonArray.ofStrings(marks));
        }
        if (hasDescription && r.nextInt(3) == 0) {
            b.put("granular_markings", JsonArray.of(JsonObject.builder()
                    .put("marking_ref", pick(r, Tlp.values()).tlp2Id())
                    .put("selectors", JsonArray.ofStrings(List.of("description"))).build()));
        }
        JsonObject o = b.build();
        if (sco) {
            o = o.with("id", JsonValue.of(ScoIds.deterministic(o).orElse(id)));
        }
        return o;
    }

    private static String text(Random r) {
        String[] parts = {"seen on the perimeter", "contact ops-" + r.nextInt(99) + "@victim.example",
                "call +86 138-0013-" + (1000 + r.nextInt(8999)), "ssn 078-05-" + (1000 + r.nextInt(8999)),
                "id 11010519900307" + (1000 + r.nextInt(8999)), "host 10.0." + r.nextInt(256) + "." + r.nextInt(256),
                "campaign wave " + r.nextInt(9), "2026-01-0" + (1 + r.nextInt(9))};
        StringBuilder sb = new StringBuilder();
        int k = 1 + r.nextInt(3);
        for (int i = 0; i < k; i++) {
            sb.append(i == 0 ? "" : "; ").append(pick(r, parts));
        }
        return sb.toString();
    }

    private static String uuid(Random r) {
        UUID u = new UUID((r.nextLong() & 0xFFFFFFFFFFFF0FFFL) | 0x0000000000004000L,
                (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
        return u.toString();
    }

    @SafeVarargs
    private static <T> T pick(Random r, T... items) {
        return items[r.nextInt(items.length)];
    }
}
