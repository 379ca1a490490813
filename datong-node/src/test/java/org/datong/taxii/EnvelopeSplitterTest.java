package org.datong.taxii;

import org.datong.stix.json.JsonException;
import org.datong.stix.json.JsonLimits;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonValue;
import org.datong.store.StixInput;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The fast envelope splitter against the exact reader it stands in for
 * ({@link TaxiiApi#envelopeObjects}): on seeded random envelopes and mutations
 * of them, whenever the splitter answers and its members parse, the exact
 * reader accepts the body with the same members and texts; whenever a member
 * does not parse, the exact reader rejects the body.
 */
class EnvelopeSplitterTest {
    private static final JsonLimits LIMITS = new JsonLimits(12, 1 << 16, 64);
    private static final String[] NOISE = {"{", "}", "[", "]", "\"", ",", ":", "\\", " ", "\n", "1", "a", "objects",
            "\"objects\":", "\"x\":1,", "tru", "\u00e9", "\\u0041", "\"\\\"\""};

    @Test
    void agreesWithTheExactReaderOnRandomAndMutatedEnvelopes() {
        Random random = new Random(4242);
        int splitUsed = 0;
        int mutantsChecked = 0;
        for (int round = 0; round < 3000; round++) {
            String envelope = envelope(random);
            assertThat(EnvelopeSplitter.split(bytes(envelope), LIMITS)).as("a plain envelope takes the fast path: %s",
                    envelope).isNotNull();
            splitUsed += check(envelope) ? 1 : 0;
            String mutant = mutate(envelope, random);
            check(mutant);
            mutantsChecked++;
        }
        assertThat(splitUsed).isEqualTo(3000);
        assertThat(mutantsChecked).isEqualTo(3000);
    }

    @Test
    void membersAtTheDepthLimitPassAndOneDeeperFallBackToTheExactError() {
        // the exact reader counts a member's own braces as level 4 of the envelope
        String atLimit = "{\"objects\":[" + "[".repeat(LIMITS.maxDepth() - 3) + "]".repeat(LIMITS.maxDepth() - 3) + "]}";
        String beyond = "{\"objects\":[" + "[".repeat(LIMITS.maxDepth() - 2) + "]".repeat(LIMITS.maxDepth() - 2) + "]}";
        assertThat(check(atLimit)).isTrue();
        assertThat(exact(beyond)).isInstanceOf(JsonException.class);
        List<StixInput> split = EnvelopeSplitter.split(bytes(beyond), LIMITS);
        assertThat(split).hasSize(1);
        try {
            split.getFirst().value();
            fail("a member deeper than the limit must not parse");
        } catch (JsonException expected) {
            assertThat(expected.getMessage()).contains("$.objects[0]");
        }
    }

    @Test
    void whatTheSplitterIsUnsureOfGoesToTheExactReader() {
        for (String body : List.of("", "[]", "{}", "{\"objects\":{}}", "{\"objects\":[],\"objects\":[]}",
                "{\"obj\\u0065cts\":[{}]}", "{\"objects\":[{},]}", "{\"objects\":[{}] x}", "{\"objects\":[{}]}x",
                "{\"objects\":[{}],\"more\":tru}", "{\"more\":true}", "\uFEFF{\"objects\":[]}")) {
            assertThat(EnvelopeSplitter.split(bytes(body), LIMITS)).as(body).isNull();
        }
    }

    /**
     * Compares both readers on one body; true when the splitter took it and
     * all its members parsed.
     */
    private static boolean check(String body) {
        Object exact = exact(body);
        List<StixInput> split = EnvelopeSplitter.split(bytes(body), LIMITS);
        if (split == null) {
            return false;
        }
        List<JsonValue> values = new ArrayList<>();
        for (StixInput in : split) {
            try {
                values.add(in.value());
            } catch (JsonException e) {
                assertThat(exact).as("a member of %s does not parse (%s), so the exact reader must refuse it", body,
                        e.getMessage()).isInstanceOf(JsonException.class);
                return false;
            }
        }
        if (!(exact instanceof List<?> list)) {
            fail("the splitter accepted " + body + " but the exact reader gave " + exact);
            return false;
        }
        assertThat(list).hasSameSizeAs(split);
        for (int i = 0; i < split.size(); i++) {
            StixInput e = (StixInput) list.get(i);
            assertThat(values.get(i)).as(body).isEqualTo(e.value());
            if (e.value() instanceof JsonObject) {
                assertThat(split.get(i).text()).as(body).isEqualTo(e.text());
            }
        }
        return true;
    }

    /** The exact reader's members, or what it threw. */
    private static Object exact(String body) {
        try {
            return TaxiiApi.envelopeObjects(bytes(body), LIMITS);
        } catch (JsonException | TaxiiApi.NotAnEnvelope e) {
            return e;
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String envelope(Random r) {
        StringBuilder sb = new StringBuilder("{");
        if (r.nextBoolean()) {
            sb.append("\"more\":").append(r.nextBoolean()).append(ws(r)).append(',');
        }
        sb.append(ws(r)).append("\"objects\"").append(ws(r)).append(':').append(ws(r)).append('[');
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(ws(r)).append(',');
            }
            sb.append(ws(r)).append(value(r, 0));
        }
        sb.append(ws(r)).append(']');
        if (r.nextBoolean()) {
            sb.append(",\"next\":\"abc\\\"d\"");
        }
        return sb.append(ws(r)).append('}').toString();
    }

    private static String value(Random r, int depth) {
        int kind = depth >= 4 ? 4 + r.nextInt(4) : r.nextInt(8);
        return switch (kind) {
            case 0, 1 -> {
                StringBuilder o = new StringBuilder("{");
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    o.append(i > 0 ? "," : "").append(ws(r)).append("\"k").append(i).append(r.nextBoolean() ? "\\n" : "")
                            .append('"').append(ws(r)).append(':').append(ws(r)).append(value(r, depth + 1));
                }
                yield o.append(ws(r)).append('}').toString();
            }
            case 2, 3 -> {
                StringBuilder a = new StringBuilder("[");
                int n = r.nextInt(3);
                for (int i = 0; i < n; i++) {
                    a.append(i > 0 ? "," : "").append(value(r, depth + 1));
                }
                yield a.append(']').toString();
            }
            case 4 -> "\"s{[\\\"]}\\\\" + r.nextInt(100) + "\u00e9\"";
            case 5 -> String.valueOf(r.nextInt(2000) - 1000) + (r.nextBoolean() ? ".5e3" : "");
            case 6 -> r.nextBoolean() ? "true" : "null";
            default -> "\"id--" + r.nextInt() + "\"";
        };
    }

    private static String ws(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> " ";
            case 1 -> "\n";
            case 2 -> "\t \r\n";
            default -> "";
        };
    }

    private static String mutate(String s, Random r) {
        StringBuilder sb = new StringBuilder(s);
        int edits = 1 + r.nextInt(3);
        for (int i = 0; i < edits; i++) {
            int at = r.nextInt(sb.length() + 1);
            switch (r.nextInt(3)) {
                case 0 -> {
                    if (at < sb.length()) {
                        sb.deleteCharAt(at);
                    }
                }
                case 1 -> sb.insert(at, NOISE[r.nextInt(NOISE.length)]);
                default -> {
                    // a repeated key inside a member
                    int brace = sb.indexOf("{\"k0\"", at);
                    if (brace >= 0) {
                        sb.insert(brace + 1, "\"k0\":1,");
                    }
                }
            }
        }
        return sb.toString();
    }
}
