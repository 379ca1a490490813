package org.datong.ledger;

import org.datong.stix.json.Canonical;
import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The entry hash is written field by field; it must equal SHA-256 over the canonical form of the entry as a JSON tree. */
class EntryHashTest {
    private static final String[] TEXT = {"acme", "indicator--00000000-0000-4000-8000-000000000001", "\u00e9t\u00e9",
            "quote \" and \\ backslash", "line\nbreak\ttab\u0001", "\ud83d\ude00", "", "2026-01-01T00:00:00.000Z"};

    @Test
    void fieldByFieldHashEqualsTheHashOfTheCanonicalTree() throws Exception {
        Random random = new Random(9162);
        for (int round = 0; round < 2000; round++) {
            long seq = round % 7 == 0 ? (1L << 53) + random.nextInt(1000) : 1 + random.nextInt(1_000_000);
            Instant at = Instant.ofEpochMilli(1_700_000_000_000L + random.nextInt(1_000_000_000));
            String kind = pick(random, false);
            List<String> rules = new ArrayList<>();
            for (int i = random.nextInt(4); i > 0; i--) {
                rules.add(pick(random, false));
            }
            String partner = pick(random, true);
            String objectId = pick(random, true);
            String version = pick(random, true);
            String type = pick(random, true);
            String hash = pick(random, true);
            String tlp = pick(random, true);
            String grade = pick(random, true);
            String detail = pick(random, true);
            String prev = pick(random, false);
            JsonObject tree = JsonObject.builder()
                    .put("seq", seq).put("at", at.toString()).put("kind", kind)
                    .putIfNotNull("partner", partner).putIfNotNull("object_id", objectId)
                    .putIfNotNull("object_version", version).putIfNotNull("object_type", type)
                    .putIfNotNull("content_hash", hash).putIfNotNull("tlp", tlp).putIfNotNull("grade", grade)
                    .put("rules", JsonArray.ofStrings(rules)).putIfNotNull("detail", detail)
                    .put("prev_hash", prev).build();
            String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(Canonical.toString(tree).getBytes(StandardCharsets.UTF_8)));
            assertThat(Ledger.hashOf(seq, at, kind, partner, objectId, version, type, hash, tlp, grade, rules, detail, prev))
                    .as("round %d", round).isEqualTo(expected);
        }
    }

    private static String pick(Random random, boolean nullable) {
        if (nullable && random.nextInt(4) == 0) {
            return null;
        }
        return TEXT[random.nextInt(TEXT.length)];
    }
}
