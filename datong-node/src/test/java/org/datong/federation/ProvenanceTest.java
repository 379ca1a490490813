package org.datong.federation;

import org.datong.stix.json.Json;
import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ProvenanceTest {
    @TempDir
    static Path dir;
    static NodeIdentity alpha;
    static NodeIdentity beta;
    static NodeIdentity gamma;

    static final JsonObject INDICATOR = Json.parseObject("""
            {"type":"indicator","spec_version":"2.1","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
             "created":"2026-12-01T10:00:00.000Z","modified":"2026-12-01T10:00:00.000Z",
             "pattern":"[ipv4-addr:value = '198.51.100.7']","pattern_type":"stix","valid_from":"2026-12-01T10:00:00Z",
             "confidence": 80, "extensions": {"x-other-ext": {"extension_type": "property-extension", "a": 1.50}}}
            """);

    @BeforeAll
    static void identities() {
        alpha = NodeIdentity.create(dir.resolve("a"), "Alpha", "CN", Clock.systemUTC());
        beta = NodeIdentity.create(dir.resolve("b"), "Beta", "FR", Clock.systemUTC());
        gamma = NodeIdentity.create(dir.resolve("c"), "Gamma", "BR", Clock.systemUTC());
    }

    static Provenance.Keys knowing(NodeIdentity... ids) {
        Map<String, PublicKey> m = new HashMap<>();
        for (NodeIdentity i : ids) {
            m.put(i.id(), i.publicKey());
        }
        return m::get;
    }

    @Test
    void originSignatureVerifiesAndKeepsTheObjectAndOtherExtensions() {
        JsonObject signed = Provenance.signAsOrigin(INDICATOR, alpha, null);

        assertThat(Provenance.strip(signed)).isEqualTo(INDICATOR);
        assertThat(signed.getObject("extensions").has("x-other-ext")).isTrue();
        Provenance.Result r = Provenance.verify(signed, knowing(alpha));
        assertThat(r).isInstanceOf(Provenance.Verified.class);
        Provenance.Verified v = (Provenance.Verified) r;
        assertThat(v.origin().identity()).isEqualTo(alpha.id());
        assertThat(v.hops()).isEmpty();
        assertThat(v.digest()).isEqualTo(Provenance.digest(INDICATOR));
    }

    @Test
    void statedDigestIsTheLedgerContentHashOfWhatWasSigned() {
        JsonObject signed = Provenance.signAsOrigin(INDICATOR, alpha, null);

        assertThat(Provenance.statedDigestHex(signed)).isEqualTo(org.datong.ledger.Ledger.contentHash(INDICATOR));
        assertThat(Provenance.statedDigestHex(INDICATOR)).isNull();
    }

    @Test
    void signatureSurvivesReserialisationInAnotherMemberOrder() {
        JsonObject signed = Provenance.signAsOrigin(INDICATOR, alpha, null);
        JsonObject.Builder reordered = JsonObject.builder();
        List<String> keys = new java.util.ArrayList<>(signed.keys());
        java.util.Collections.reverse(keys);
        keys.forEach(k -> reordered.put(k, signed.get(k)));
        JsonObject reparsed = Json.parseObject(Json.writePretty(reordered.build()));

        assertThat(Provenance.verify(reparsed, knowing(alpha))).isInstanceOf(Provenance.Verified.class);
    }

    @Test
    void unsignedObjectIsRefused() {
        assertThat(Provenance.verify(INDICATOR, knowing(alpha)))
                .isEqualTo(new Provenance.Refused(Provenance.Rule.UNSIGNED,
                        "object indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f carries no Datong signature"));
    }

    @Test
    void alteredObjectIsRefused() {
        JsonObject signed = Provenance.signAsOrigin(INDICATOR, alpha, null);
        JsonObject tampered = signed.with("confidence", Json.parse("10"));

        assertThat(rule(Provenance.verify(tampered, knowing(alpha)))).isEqualTo(Provenance.Rule.ALTERED);
    }

    @Test
    void alteredObjectWithRecomputedDigestFailsTheSignature() {
        JsonObject signed = Provenance.signAsOrigin(INDICATOR, alpha, null);
        JsonObject tampered = signed.with("confidence", Json.parse("10"));
        JsonObject ext = tampered.getObject("extensions").getObject(Provenance.EXTENSION_ID)
                .with("digest", new org.datong.stix.json.JsonString(Provenance.digest(tampered)));
        JsonObject forged = tampered.with("extensions", tampered.getObject("extensions").with(Provenance.EXTENSION_ID, ext));

        assertThat(rule(Provenance.verify(forged, knowing(alpha)))).isEqualTo(Provenance.Rule.BAD_SIGNATURE);
    }

    @Test
    void unknownSignerIsRefused() {
        JsonObject signed = Provenance.signAsOrigin(INDICATOR, gamma, null);

        assertThat(rule(Provenance.verify(signed, knowing(alpha, beta)))).isEqualTo(Provenance.Rule.UNKNOWN_SIGNER);
    }

    @Test
    void impostorSigningInAKnownNodesNameIsRefused() {
        // gamma signs but claims to be alpha: its key is not alpha's registered key
        JsonObject byGamma = Provenance.signAsOrigin(INDICATOR, gamma, null);
        String text = Json.write(byGamma).replace(gamma.id(), alpha.id());
        JsonObject claimed = Json.parseObject(text);

        assertThat(rule(Provenance.verify(claimed, knowing(alpha, gamma)))).isIn(Provenance.Rule.MALFORMED, Provenance.Rule.BAD_SIGNATURE);
        assertThat(rule(Provenance.verify(claimed, knowing(alpha)))).isIn(Provenance.Rule.MALFORMED, Provenance.Rule.BAD_SIGNATURE);
    }

    @Test
    void relayKeepsTheOriginAndIsTrustedThroughTheKnownSender() {
        JsonObject fromAlpha = Provenance.signAsOrigin(INDICATOR, alpha, null);
        Provenance.Verified atBeta = (Provenance.Verified) Provenance.verify(fromAlpha, knowing(alpha));
        JsonObject relayed = Provenance.addHop(fromAlpha, atBeta, beta);

        // gamma knows only beta, who vouches for alpha's key
        Provenance.Result atGamma = Provenance.verify(relayed, knowing(beta));
        assertThat(atGamma).isInstanceOf(Provenance.Verified.class);
        Provenance.Verified v = (Provenance.Verified) atGamma;
        assertThat(v.origin().identity()).isEqualTo(alpha.id());
        assertThat(v.sender().identity()).isEqualTo(beta.id());
        assertThat(Provenance.signers(relayed)).containsExactly(alpha.id(), beta.id());
        assertThat(Provenance.strip(relayed)).isEqualTo(INDICATOR);
    }

    @Test
    void removingAHopBreaksTheChain() {
        JsonObject fromAlpha = Provenance.signAsOrigin(INDICATOR, alpha, null);
        JsonObject viaBeta = Provenance.addHop(fromAlpha, (Provenance.Verified) Provenance.verify(fromAlpha, knowing(alpha)), beta);
        JsonObject viaGamma = Provenance.addHop(viaBeta, (Provenance.Verified) Provenance.verify(viaBeta, knowing(beta)), gamma);
        JsonObject ext = viaGamma.getObject("extensions").getObject(Provenance.EXTENSION_ID);
        JsonArray hops = ext.getArray("hops");
        JsonObject cut = viaGamma.with("extensions", viaGamma.getObject("extensions")
                .with(Provenance.EXTENSION_ID, ext.with("hops", JsonArray.of(hops.get(1)))));

        assertThat(Provenance.verify(viaGamma, knowing(gamma))).isInstanceOf(Provenance.Verified.class);
        assertThat(rule(Provenance.verify(cut, knowing(gamma)))).isEqualTo(Provenance.Rule.BAD_SIGNATURE);
    }

    @Test
    void chainLongerThanTheHopLimitIsRefusedAndCannotGrow() {
        JsonObject o = Provenance.signAsOrigin(INDICATOR, alpha, null);
        NodeIdentity[] relays = {beta, gamma};
        Provenance.Verified v = (Provenance.Verified) Provenance.verify(o, knowing(alpha));
        for (int i = 0; i < Provenance.MAX_HOPS; i++) {
            NodeIdentity relay = relays[i % 2];
            o = Provenance.addHop(o, v, relay);
            v = (Provenance.Verified) Provenance.verify(o, knowing(relay));
        }
        Provenance.Verified full = v;
        JsonObject last = o;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Provenance.addHop(last, full, alpha))
                .isInstanceOf(IllegalStateException.class);
        // a chain forged longer than the limit is refused on receipt
        JsonObject ext = o.getObject("extensions").getObject(Provenance.EXTENSION_ID);
        JsonArray hops = ext.getArray("hops");
        List<org.datong.stix.json.JsonValue> longer = new java.util.ArrayList<>(hops);
        longer.add(hops.getLast());
        JsonObject tooLong = o.with("extensions", o.getObject("extensions")
                .with(Provenance.EXTENSION_ID, ext.with("hops", JsonArray.of(longer))));
        assertThat(rule(Provenance.verify(tooLong, knowing(alpha, beta, gamma)))).isEqualTo(Provenance.Rule.HOP_LIMIT);
    }

    @Test
    void malformedProvenanceIsRefusedNotThrown() {
        JsonObject signed = Provenance.signAsOrigin(INDICATOR, alpha, null);
        JsonObject ext = signed.getObject("extensions").getObject(Provenance.EXTENSION_ID);
        JsonObject badJws = signed.with("extensions", signed.getObject("extensions").with(Provenance.EXTENSION_ID,
                ext.with("origin", ext.getObject("origin").with("jws", new org.datong.stix.json.JsonString("not-a-jws")))));

        assertThat(rule(Provenance.verify(badJws, knowing(alpha)))).isEqualTo(Provenance.Rule.MALFORMED);
    }

    @Test
    void randomSingleCharacterChangesToASignedObjectNeverVerify() {
        JsonObject signed = Provenance.signAsOrigin(INDICATOR, alpha, null);
        String text = Json.write(signed);
        Random random = new Random(6);
        int checked = 0;
        for (int i = 0; i < 300; i++) {
            int at = random.nextInt(text.length());
            char c = text.charAt(at);
            char replacement = (char) ('a' + random.nextInt(26));
            if (c == replacement || !Character.isLetterOrDigit(c)) {
                continue;
            }
            String changed = text.substring(0, at) + replacement + text.substring(at + 1);
            JsonObject parsed;
            try {
                parsed = Json.parseObject(changed);
            } catch (RuntimeException notJson) {
                continue;
            }
            if (org.datong.stix.json.Canonical.same(parsed, signed)) {
                continue;
            }
            checked++;
            assertThat(Provenance.verify(parsed, knowing(alpha))).as("change at %d: %s", at, changed)
                    .isInstanceOf(Provenance.Refused.class);
        }
        assertThat(checked).isGreaterThan(100);
    }

    @Test
    void aBatchIsSignedOnceAndEveryObjectVerifiesOnItsOwn() {
        List<JsonObject> objects = new java.util.ArrayList<>();
        for (int i = 0; i < 37; i++) {
            objects.add(INDICATOR.with("id", new org.datong.stix.json.JsonString(
                    "indicator--" + java.util.UUID.nameUUIDFromBytes(new byte[]{(byte) i}))));
        }
        Provenance.Batch batch = Provenance.batch(alpha);
        objects.forEach(o -> batch.origin(o, null));
        List<JsonObject> signed = batch.sign();

        java.util.Set<String> signatures = new java.util.HashSet<>();
        for (int i = 0; i < signed.size(); i++) {
            assertThat(Provenance.strip(signed.get(i))).isEqualTo(objects.get(i));
            Provenance.Verified v = (Provenance.Verified) Provenance.verify(signed.get(i), knowing(alpha));
            signatures.add(v.origin().jws());
            assertThat(v.origin().index()).isEqualTo(i);
            assertThat(v.origin().size()).isEqualTo(37);
        }
        assertThat(signatures).hasSize(1);
    }

    @Test
    void aProofTakenFromAnotherObjectOfTheBatchDoesNotVerify() {
        Provenance.Batch batch = Provenance.batch(alpha);
        JsonObject other = INDICATOR.with("confidence", Json.parse("5"));
        List<JsonObject> signed = batch.origin(INDICATOR, null).origin(other, null).sign();
        JsonObject ext0 = signed.get(0).getObject("extensions").getObject(Provenance.EXTENSION_ID);
        JsonObject ext1 = signed.get(1).getObject("extensions").getObject(Provenance.EXTENSION_ID);
        // the second object with the first one's digest and proof: the digest no longer matches
        JsonObject swapped = signed.get(1).with("extensions", signed.get(1).getObject("extensions")
                .with(Provenance.EXTENSION_ID, ext0));
        // the second object with its own digest but the first one's proof: the proof leads elsewhere
        JsonObject wrongProof = signed.get(1).with("extensions", signed.get(1).getObject("extensions")
                .with(Provenance.EXTENSION_ID, ext1.with("origin", ext0.get("origin"))));

        assertThat(rule(Provenance.verify(swapped, knowing(alpha)))).isEqualTo(Provenance.Rule.ALTERED);
        assertThat(rule(Provenance.verify(wrongProof, knowing(alpha)))).isEqualTo(Provenance.Rule.BAD_SIGNATURE);
    }

    @Test
    void aRelayBatchMixesHopsAndNewOrigins() {
        JsonObject fromAlpha = Provenance.signAsOrigin(INDICATOR, alpha, null);
        Provenance.Verified atBeta = (Provenance.Verified) Provenance.verify(fromAlpha, knowing(alpha));
        JsonObject own = INDICATOR.with("id", new org.datong.stix.json.JsonString("indicator--0b8b5b6e-0e57-4a1a-9f0a-3c1c2d9b7e11"));
        List<JsonObject> out = Provenance.batch(beta).hop(fromAlpha, atBeta).origin(own, null).sign();

        Provenance.Verified relayed = (Provenance.Verified) Provenance.verify(out.get(0), knowing(beta));
        Provenance.Verified mine = (Provenance.Verified) Provenance.verify(out.get(1), knowing(beta));
        assertThat(relayed.signers()).containsExactly(alpha.id(), beta.id());
        assertThat(mine.signers()).containsExactly(beta.id());
        assertThat(relayed.sender().jws()).isEqualTo(mine.origin().jws());
    }

    @Test
    void shippedExtensionDefinitionHasTheFixedId() {
        JsonObject def = Provenance.extensionDefinition();
        assertThat(def.getString("id")).isEqualTo(Provenance.EXTENSION_ID);
        assertThat(def.getStrings("extension_types")).containsExactly("property-extension");
    }

    private static Provenance.Rule rule(Provenance.Result r) {
        assertThat(r).isInstanceOf(Provenance.Refused.class);
        return ((Provenance.Refused) r).rule();
    }
}
