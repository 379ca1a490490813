package org.datong.policy.store;

import org.datong.ledger.Ledger;
import org.datong.ledger.TestDatabases;
import org.datong.policy.Agreement;
import org.datong.policy.GradeScheme;
import org.datong.policy.JurisdictionRules;
import org.datong.policy.Partner;
import org.datong.policy.PersonalData;
import org.datong.policy.Tlp;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonObject;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SharingGateTest {
    @TempDir
    Path dir;

    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    static final String ACME = "identity--0c2e1d5e-5d4a-4b43-9a3e-4f0b0f3c7a11";
    static final String BETA = "identity--1d3f2e6f-6e5b-4c54-8b4f-5a1c1a4d8b22";
    static final String GAMMA = "identity--2e4a3f7a-7f6c-4d65-9c5a-6b2d2b5e9c33";

    static JurisdictionRules rules() throws Exception {
        return JurisdictionRules.parse(JurisdictionRules.DEFAULT_TEXT.replace("\"ZZ\"", "\"CN\""), "rules.json");
    }

    static PolicyStore.AgreementTerms terms(String partner, Agreement.Direction dir, Tlp max, String grade, boolean relay,
                                            PersonalData.Treatment pd) {
        return new PolicyStore.AgreementTerms(partner, dir, Set.of("*"), Set.of("*"), max, grade, pd, relay, Set.of(),
                null, null, Agreement.State.ACTIVE);
    }

    static JsonObject indicator(String uuidTail, String... marking) {
        String refs = marking.length == 0 ? "" : ", \"object_marking_refs\": [\"" + String.join("\", \"", marking) + "\"]";
        return Json.parseObject("""
                {"type": "indicator", "spec_version": "2.1", "id": "indicator--00000000-0000-4000-8000-%s",
                 "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-02T00:00:00.000Z",
                 "pattern": "[ipv4-addr:value = '198.51.100.7']", "pattern_type": "stix", "valid_from": "2026-01-01T00:00:00Z"%s}
                """.formatted(uuidTail, refs));
    }

    private SharingGate gate(TestDatabases.Handle h) throws Exception {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        Ledger ledger = new Ledger(h.db(), clock);
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        PolicyStore store = new PolicyStore(h.db(), clock, ledger, () -> key.clone());
        store.addPartner(new Partner(ACME, "acme", "CN", "energy", null));
        store.addPartner(new Partner(BETA, "beta", "DE", null, null));
        store.addPartner(new Partner(GAMMA, "gamma", "CN", null, null));
        return new SharingGate(store, clock, rules());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void allowedObjectIsSentAndRecorded(String dialect) throws Exception {
        try (TestDatabases.Handle h = TestDatabases.open(dialect, dir)) {
            SharingGate g = gate(h);
            g.store().createAgreement(terms("acme", Agreement.Direction.BOTH, Tlp.AMBER, GradeScheme.IMPORTANT, false,
                    PersonalData.Treatment.MINIMISE));
            JsonObject ind = indicator("000000000001", Tlp.GREEN.tlp2Id());
            SharingGate.Outcome o = g.prepare("acme", "c1", ind);
            assertThat(o).isInstanceOf(SharingGate.Allow.class);
            SharingGate.Allow a = (SharingGate.Allow) o;
            // the collection has no default grade, so the rules' default (general) is stamped on the way out
            assertThat(a.object().objectMarkingRefs()).contains(Tlp.GREEN.tlp2Id(), GradeScheme.markingId("general"));
            Ledger.Entry e = g.recordSent(ACME, a.object());
            assertThat(e.kind()).isEqualTo(Ledger.Kind.SEND);
            assertThat(e.partner()).isEqualTo("acme");
            assertThat(e.tlp()).isEqualTo("green");
            assertThat(e.grade()).isEqualTo("general");
            assertThat(e.objectVersion()).isEqualTo("2026-01-02T00:00:00.000Z");
            assertThat(e.contentHash()).isEqualTo(Ledger.contentHash(a.object().json()));
            assertThat(e.rules()).contains("agreement", "tlp", "grade");
            assertThat(g.ledger().verify().ok()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void redIsDeniedToPartnerAllowedOnlyAmberAndTheDenialIsInTheLedger(String dialect) throws Exception {
        try (TestDatabases.Handle h = TestDatabases.open(dialect, dir)) {
            SharingGate g = gate(h);
            g.store().createAgreement(terms("acme", Agreement.Direction.SEND, Tlp.AMBER, GradeScheme.CORE, false,
                    PersonalData.Treatment.MINIMISE));
            SharingGate.Outcome o = g.prepare("acme", "c1", indicator("000000000002", Tlp.RED.tlp1Id()));
            assertThat(o).isInstanceOf(SharingGate.Deny.class);
            assertThat(o.rules()).containsExactly("tlp-above-agreement");
            assertThat(o.decision().explain()).contains("TLP:RED, above the highest level agreement agr-1 allows (TLP:AMBER)");
            Ledger.Entry last = g.ledger().list("acme", null, 100).getLast();
            assertThat(last.kind()).isEqualTo(Ledger.Kind.DENY);
            assertThat(last.rules()).containsExactly("tlp-above-agreement");
            assertThat(g.ledger().report("acme", null).denialsByRule()).containsEntry("tlp-above-agreement", 1L);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void importantToForeignPartnerWaitsForReviewThenGoesOnceApproved(String dialect) throws Exception {
        try (TestDatabases.Handle h = TestDatabases.open(dialect, dir)) {
            SharingGate g = gate(h);
            g.store().createAgreement(terms("beta", Agreement.Direction.SEND, Tlp.AMBER, GradeScheme.CORE, false,
                    PersonalData.Treatment.MINIMISE));
            JsonObject ind = indicator("000000000003", Tlp.GREEN.tlp2Id(), GradeScheme.markingId("important"));
            SharingGate.Outcome first = g.prepare("beta", "c1", ind);
            assertThat(first).isInstanceOf(SharingGate.Review.class);
            SharingGate.Review r = (SharingGate.Review) first;
            assertThat(r.queued()).isTrue();
            assertThat(r.rules()).containsExactly("jurisdiction:important-abroad-needs-review");
            SharingGate.Outcome again = g.prepare("beta", "c1", ind);
            assertThat(((SharingGate.Review) again).queued()).isFalse();
            assertThat(((SharingGate.Review) again).reviewId()).isEqualTo(r.reviewId());
            assertThat(g.store().reviews(Review.State.PENDING, null)).hasSize(1);

            Review decided = g.store().decide(r.reviewId(), true, "alice", "checked with legal");
            assertThat(decided.decidedBy()).isEqualTo("alice");
            assertThat(decided.decidedAt()).isEqualTo(NOW);
            SharingGate.Outcome after = g.prepare("beta", "c1", ind);
            assertThat(after).isInstanceOf(SharingGate.Allow.class);
            assertThat(after.decision().explain()).contains("approved by alice");
            List<Ledger.Kind> kinds = g.ledger().list("beta", null, 100).stream().map(Ledger.Entry::kind).toList();
            assertThat(kinds).contains(Ledger.Kind.REVIEW, Ledger.Kind.REVIEW_APPROVE);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void rejectedReviewDenies(String dialect) throws Exception {
        try (TestDatabases.Handle h = TestDatabases.open(dialect, dir)) {
            SharingGate g = gate(h);
            g.store().createAgreement(terms("beta", Agreement.Direction.SEND, Tlp.AMBER, GradeScheme.CORE, false,
                    PersonalData.Treatment.MINIMISE));
            JsonObject ind = indicator("000000000004", GradeScheme.markingId("important"));
            SharingGate.Review r = (SharingGate.Review) g.prepare("beta", "c1", ind);
            g.store().decide(r.reviewId(), false, "bob", null);
            SharingGate.Outcome after = g.prepare("beta", "c1", ind);
            assertThat(after).isInstanceOf(SharingGate.Deny.class);
            assertThat(after.rules()).contains("review-rejected");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void coreNeverGoesAbroadEvenWhenTheAgreementAllowsIt(String dialect) throws Exception {
        try (TestDatabases.Handle h = TestDatabases.open(dialect, dir)) {
            SharingGate g = gate(h);
            g.store().createAgreement(terms("beta", Agreement.Direction.SEND, Tlp.RED, GradeScheme.CORE, true,
                    PersonalData.Treatment.KEEP));
            g.store().setCollectionGrade("secret", GradeScheme.CORE);
            SharingGate.Outcome o = g.prepare("beta", "secret", indicator("000000000005", Tlp.CLEAR.tlp2Id()));
            assertThat(o).isInstanceOf(SharingGate.Deny.class);
            assertThat(o.rules()).containsExactly("jurisdiction:core-stays-in-country");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void receiveAdmitsWithinAgreementAndRefusesLoweredGrade(String dialect) throws Exception {
        try (TestDatabases.Handle h = TestDatabases.open(dialect, dir)) {
            SharingGate g = gate(h);
            g.store().createAgreement(terms("acme", Agreement.Direction.RECEIVE, Tlp.AMBER, GradeScheme.CORE, false,
                    PersonalData.Treatment.KEEP));
            JsonObject important = indicator("000000000006", GradeScheme.markingId("important"));
            assertThat(g.receive("acme", "c1", important)).isInstanceOf(SharingGate.Admitted.class);
            JsonObject lowered = indicator("000000000006", GradeScheme.markingId("general"));
            SharingGate.Inbound in = g.receive(ACME, "c1", lowered);
            assertThat(in).isInstanceOf(SharingGate.Refused.class);
            assertThat(((SharingGate.Refused) in).rule()).isEqualTo("grade-lowered");
            SharingGate.Inbound red = g.receive("acme", "c1", indicator("000000000007", Tlp.RED.tlp2Id()));
            assertThat(((SharingGate.Refused) red).rule()).isEqualTo("tlp-above-agreement");
            g.recordRefusal("acme", "indicator--00000000-0000-4000-8000-000000000008", "2026-01-02T00:00:00.000Z",
                    "bad-signature", "the signature does not verify with acme's key");
            Ledger.Report rep = g.ledger().report("acme", null);
            assertThat(rep.byKind()).containsEntry("receive", 1L).containsEntry("refuse", 3L);
            assertThat(rep.denialsByRule()).containsEntry("grade-lowered", 1L).containsEntry("bad-signature", 1L);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void relayNeedsTheOriginsPermissionAndNeverMovesAmberStrict(String dialect) throws Exception {
        try (TestDatabases.Handle h = TestDatabases.open(dialect, dir)) {
            SharingGate g = gate(h);
            g.store().createAgreement(terms("acme", Agreement.Direction.RECEIVE, Tlp.RED, GradeScheme.CORE, false,
                    PersonalData.Treatment.KEEP));
            g.store().createAgreement(terms("gamma", Agreement.Direction.BOTH, Tlp.RED, GradeScheme.CORE, true,
                    PersonalData.Treatment.KEEP));
            JsonObject green = indicator("000000000009", Tlp.GREEN.tlp2Id());
            assertThat(g.relay("acme", "gamma", "c1", Json.parseObject(green.toString()) == null ? null
                    : org.datong.stix.StixObject.of(green)).rules()).containsExactly("relay-not-allowed-by-origin");
            assertThat(g.relay("gamma", "acme", "c1", org.datong.stix.StixObject.of(green)).rules())
                    .containsExactly("agreement-direction");
            // gamma allows relay: to a third partner with a send agreement it goes
            g.store().createAgreement(terms("beta", Agreement.Direction.SEND, Tlp.AMBER, GradeScheme.CORE, false,
                    PersonalData.Treatment.KEEP));
            assertThat(g.relay("gamma", "beta", "c1", org.datong.stix.StixObject.of(green)))
                    .isInstanceOf(SharingGate.Allow.class);
            JsonObject strict = indicator("00000000000a", Tlp.AMBER_STRICT.tlp2Id());
            assertThat(g.relay("gamma", "beta", "c1", org.datong.stix.StixObject.of(strict)).rules())
                    .containsExactly("tlp-no-relay");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void unknownPartnerIsDeniedAndPartnerLookupWorksByNameAndIdentity(String dialect) throws Exception {
        try (TestDatabases.Handle h = TestDatabases.open(dialect, dir)) {
            SharingGate g = gate(h);
            assertThat(g.prepare("nobody", "c1", indicator("00000000000b")).rules()).containsExactly("unknown-partner");
            assertThat(g.partner("acme")).get().extracting(Partner::identityId).isEqualTo(ACME);
            assertThat(g.partner(BETA)).get().extracting(Partner::name).isEqualTo("beta");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void personalScoIsPseudonymisedStablyAndRelationshipsFollowIt(String dialect) throws Exception {
        try (TestDatabases.Handle h = TestDatabases.open(dialect, dir)) {
            SharingGate g = gate(h);
            g.store().createAgreement(terms("acme", Agreement.Direction.SEND, Tlp.AMBER, GradeScheme.CORE, false,
                    PersonalData.Treatment.MINIMISE));
            JsonObject email = Json.parseObject("""
                    {"type": "email-addr", "spec_version": "2.1", "id": "email-addr--2d77a846-6264-5d51-b586-e43822ea1ea3",
                     "value": "victim@example.org", "object_marking_refs": ["%s"]}""".formatted(Tlp.GREEN.tlp2Id()));
            SharingGate.Allow a = (SharingGate.Allow) g.prepare("acme", "c1", email);
            String pseudo = a.object().getString("value");
            assertThat(pseudo).matches("pseudonym-[0-9a-f]{16}@pseudonym\\.invalid");
            assertThat(a.object().id()).isNotEqualTo(email.getString("id")).startsWith("email-addr--");
            SharingGate.Allow again = (SharingGate.Allow) g.prepare("acme", "c1", email);
            assertThat(again.object().getString("value")).isEqualTo(pseudo);
            JsonObject rel = Json.parseObject("""
                    {"type": "relationship", "spec_version": "2.1", "id": "relationship--6e2c3b1a-4f1d-4e8a-9a1b-2c3d4e5f6a7b",
                     "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z",
                     "relationship_type": "related-to", "source_ref": "indicator--00000000-0000-4000-8000-000000000001",
                     "target_ref": "email-addr--2d77a846-6264-5d51-b586-e43822ea1ea3",
                     "object_marking_refs": ["%s"]}""".formatted(Tlp.GREEN.tlp2Id()));
            SharingGate.Allow r = (SharingGate.Allow) g.prepare("acme", "c1", rel);
            assertThat(r.object().getString("target_ref")).isEqualTo(a.object().id());
        }
    }
}
