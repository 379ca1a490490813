package org.datong.stix;

import org.datong.stix.StixTypes.Kind;
import org.datong.stix.StixTypes.Prop;
import org.datong.stix.StixTypes.Shape;
import org.datong.stix.StixTypes.TypeSpec;
import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonBoolean;
import org.datong.stix.json.JsonNull;
import org.datong.stix.json.JsonNumber;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonString;
import org.datong.stix.json.JsonValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Generates valid STIX 2.1 objects of every type from the {@link StixTypes}
 * tables, with random optional properties, custom properties and extensions,
 * for property tests. Everything comes from the seeded {@link Random}, so a
 * failing seed reproduces.
 */
final class StixGenerator {
    private static final List<String> TEXT = List.of("plain text", "ünïcödé", "中文描述", "emoji 😀 pair",
            "\"quoted\" and back\\slash", "line\nbreak\ttab", "control \u0001 char", "line separator \u2028",
            "", "x", "https://example.com/a?b=c&d=e");
    private static final List<String> NUMBER_SPELLINGS = List.of("0", "-0", "1.0", "1e3", "2.5E-7", "0.1",
            "123456789012", "-42", "3.141592653589793", "1E+2", "9007199254740991");
    private static final List<String> ALL_TYPES = new ArrayList<>(StixTypes.all().keySet());
    private static final List<String> SCO_TYPES = ALL_TYPES.stream()
            .filter(t -> Category.of(t) == Category.SCO).toList();
    private static final Instant BASE = Instant.parse("2015-01-01T00:00:00Z");

    private final Random random;

    StixGenerator(Random random) {
        this.random = random;
    }

    /** Every type the generator can make: all of sections 4 to 7 plus a custom one. */
    static List<String> types() {
        List<String> all = new ArrayList<>(ALL_TYPES);
        all.add("x-acme-widget");
        return all;
    }

    /** A valid object of the type. */
    JsonObject object(String type) {
        TypeSpec spec = StixTypes.get(type);
        JsonObject.Builder b = JsonObject.builder();
        b.put("type", type);
        b.put("id", type + "--" + uuid());
        if (spec == null) {
            custom(b);
        } else {
            fill(b, spec.shape(), true);
        }
        fixUp(type, spec, b);
        for (int i = 0, n = random.nextInt(3); i < n; i++) {
            b.put("x_acme_" + word(), freeValue(2));
        }
        JsonObject o = b.build();
        if (spec != null && spec.category() == Category.SCO) {
            String id = ScoIds.compute(o.without("id"));
            o = o.with("id", new JsonString(id));
        }
        return o;
    }

    private void custom(JsonObject.Builder b) {
        b.put("spec_version", "2.1");
        String t = timestamp(0);
        b.put("created", t).put("modified", t);
        b.put("x_widget_size", JsonNumber.of(random.nextInt(1000)));
        b.put("x_widget_parts", freeValue(3));
    }

    private void fill(JsonObject.Builder b, Shape shape, boolean topLevel) {
        for (Prop p : shape.props().values()) {
            if (topLevel && ("type".equals(p.name()) || "id".equals(p.name()))) {
                continue;
            }
            if (p.required() || random.nextInt(3) == 0) {
                if ("extensions".equals(p.name()) || "granular_markings".equals(p.name())) {
                    continue; // filled in by fixUp, which knows the object
                }
                b.put(p.name(), value(p.kind(), 0));
            }
        }
        if (!shape.atLeastOneOf().isEmpty() && shape.atLeastOneOf().stream().noneMatch(b::has)) {
            String first = shape.atLeastOneOf().getFirst();
            b.put(first, value(shape.prop(first).kind(), 0));
        }
    }

    private JsonValue value(Kind kind, int depth) {
        return switch (kind) {
            case StixTypes.Str s -> new JsonString(pick(TEXT));
            case StixTypes.Bool bool -> JsonBoolean.of(random.nextBoolean());
            case StixTypes.Int range -> JsonNumber.of(Math.max(range.min(), Math.min(range.max(),
                    range.min() < 0 ? random.nextInt(2001) - 1000 : range.min() + random.nextInt(100))));
            case StixTypes.Flt range -> JsonNumber.of(Double.isInfinite(range.max()) ? random.nextDouble() * 1000
                    : range.min() + random.nextDouble() * (range.max() - range.min()));
            case StixTypes.Ts t -> new JsonString(timestamp(random.nextInt(1000)));
            case StixTypes.Hex h -> new JsonString(hex(1 + random.nextInt(8)));
            case StixTypes.Bin bin -> {
                byte[] bytes = new byte[1 + random.nextInt(20)];
                random.nextBytes(bytes);
                yield new JsonString(Base64.getEncoder().encodeToString(bytes));
            }
            case StixTypes.Hashes h -> hashes();
            case StixTypes.Dict d -> JsonObject.builder().put("key_" + word(),
                    d.values() == null ? freeValue(1) : value(d.values(), depth + 1)).build();
            case StixTypes.Any a -> freeValue(1);
            case StixTypes.Ref r -> {
                List<String> candidates = ALL_TYPES.stream().filter(r.allowed()).toList();
                yield new JsonString(pick(candidates) + "--" + uuid());
            }
            case StixTypes.Vocab v -> new JsonString(pick(List.copyOf(Vocabularies.get(v.name()).values())));
            case StixTypes.ListOf l -> {
                List<JsonValue> items = new ArrayList<>();
                for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
                    items.add(value(l.item(), depth + 1));
                }
                yield JsonArray.of(items);
            }
            case StixTypes.Nested n -> nested(n.shape());
        };
    }

    private JsonObject nested(Shape shape) {
        JsonObject.Builder b = JsonObject.builder();
        fill(b, shape, false);
        switch (shape.name()) {
            case "email-mime-part-type" -> b.put("body", pick(TEXT));
            case "external-reference" -> b.put("url", "https://example.com/" + word());
            case "kill-chain-phase" -> b.put("kill_chain_name", "lockheed-martin-cyber-kill-chain")
                    .put("phase_name", pick(List.of("reconnaissance", "delivery", "exploitation")));
            default -> {
            }
        }
        return b.build();
    }

    /** Applies the rules that relate properties, so the object is valid. */
    private void fixUp(String type, TypeSpec spec, JsonObject.Builder b) {
        if (spec == null || spec.category() != Category.SCO) {
            b.put("spec_version", "2.1");
            b.put("created", Timestamp.of(BASE).text());
            if (!"marking-definition".equals(type)) {
                b.put("modified", timestamp(random.nextInt(5) * 3600));
            }
        }
        if (spec != null && spec.category() == Category.SCO && b.has("spec_version")) {
            b.put("spec_version", "2.1");
        }
        if (b.has("lang")) {
            b.put("lang", pick(List.of("en", "zh-CN", "de", "fr-CA")));
        }
        if (b.has("name_enc") && !b.has("name")) {
            b.remove("name_enc");
        }
        switch (type) {
            case "indicator" -> {
                b.put("pattern", "[ipv4-addr:value = '198.51.100." + random.nextInt(255) + "']");
                later(b, "valid_from", "valid_until", true);
            }
            case "campaign", "intrusion-set", "threat-actor", "infrastructure", "malware", "sighting" -> {
                later(b, "first_seen", "last_seen", false);
                if ("malware".equals(type) && b.has("is_family")) {
                    b.put("name", "family " + word());
                }
            }
            case "malware-analysis" -> {
                b.put("result", "malicious");
                later(b, "analysis_started", "analysis_ended", false);
            }
            case "observed-data" -> {
                later(b, "first_observed", "last_observed", false);
                b.remove("objects");
                b.put("object_refs", JsonArray.of(new JsonString(pick(SCO_TYPES) + "--" + uuid())));
            }
            case "relationship" -> {
                b.put("relationship_type", pick(List.of("uses", "indicates", "related-to", "x-custom-rel")));
                later(b, "start_time", "stop_time", true);
            }
            case "location" -> {
                b.put("region", "eastern-asia");
                if (b.has("latitude") || b.has("longitude") || b.has("precision")) {
                    b.put("latitude", JsonNumber.of(39.9)).put("longitude", JsonNumber.of(116.4));
                }
            }
            case "artifact" -> {
                if (random.nextBoolean()) {
                    b.remove("url");
                    b.put("payload_bin", value(StixTypes.BINARY, 0));
                } else {
                    b.remove("payload_bin");
                    b.put("url", "https://example.com/sample.bin");
                }
                if (!b.has("encryption_algorithm")) {
                    b.remove("decryption_key");
                }
            }
            case "network-traffic" -> {
                later(b, "start", "end", false);
                if (b.has("end")) {
                    b.remove("is_active");
                }
            }
            case "marking-definition" -> marking(b);
            case "extension-definition" -> {
                b.put("created_by_ref", "identity--" + uuid());
                b.put("extension_types", JsonArray.of(new JsonString("property-extension"),
                        new JsonString("toplevel-property-extension")));
            }
            case "language-content" -> b.put("contents", JsonObject.builder()
                    .put("de", JsonObject.builder().put("name", "Bösewicht").build()).build());
            default -> {
            }
        }
        extensions(spec, b);
        if (spec == null || spec.category() != Category.SCO || random.nextBoolean()) {
            granularMarkings(b);
        }
    }

    private void marking(JsonObject.Builder b) {
        switch (random.nextInt(3)) {
            case 0 -> b.put("definition_type", "statement")
                    .put("definition", JsonObject.builder().put("statement", "Copyright " + word()).build());
            case 1 -> {
                String level = pick(List.of("white", "green", "amber", "red"));
                String id = switch (level) {
                    case "white" -> "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9";
                    case "green" -> "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da";
                    case "amber" -> "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82";
                    default -> "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed";
                };
                b.put("id", id).put("definition_type", "tlp")
                        .put("definition", JsonObject.builder().put("tlp", level).build());
            }
            default -> {
                b.remove("definition_type");
                b.remove("definition");
                b.put("name", "TLP:CLEAR");
                b.put("extensions", JsonObject.builder().put(Validator.TLP2_EXTENSION, JsonObject.builder()
                        .put("extension_type", "property-extension").put("tlp_2_0", "clear").build()).build());
            }
        }
    }

    private void extensions(TypeSpec spec, JsonObject.Builder b) {
        if (spec != null && !spec.shape().props().containsKey("extensions")) {
            return;
        }
        if (b.has("extensions") || random.nextInt(3) != 0) {
            return;
        }
        JsonObject.Builder ext = JsonObject.builder();
        if (spec != null && !spec.extensions().isEmpty() && random.nextBoolean()) {
            Shape shape = pick(List.copyOf(spec.extensions().values()));
            ext.put(shape.name(), nested(shape));
        } else {
            ext.put("extension-definition--" + uuid(), JsonObject.builder()
                    .put("extension_type", "property-extension").put("rank", JsonNumber.of(random.nextInt(10)))
                    .put("notes", freeValue(2)).build());
        }
        b.put("extensions", ext.build());
    }

    private void granularMarkings(JsonObject.Builder b) {
        if (random.nextInt(3) != 0) {
            return;
        }
        String selector = b.has("description") ? "description" : "id";
        JsonObject.Builder m = JsonObject.builder();
        if (random.nextBoolean()) {
            m.put("marking_ref", "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da");
        } else {
            m.put("lang", "en");
        }
        m.put("selectors", JsonArray.of(new JsonString(selector)));
        b.put("granular_markings", JsonArray.of(m.build()));
    }

    private void later(JsonObject.Builder b, String earlier, String later, boolean strict) {
        if (b.has(later) || b.has(earlier)) {
            int start = random.nextInt(1000);
            if (b.has(earlier) || strict) {
                b.put(earlier, timestamp(start));
            }
            if (b.has(later)) {
                b.put(later, timestamp(start + 1 + random.nextInt(100_000)));
            }
        }
    }

    /** Any JSON: what custom properties and extension content may hold. */
    JsonValue freeValue(int depth) {
        int choice = random.nextInt(depth > 0 ? 7 : 5);
        return switch (choice) {
            case 0 -> new JsonString(pick(TEXT));
            case 1 -> parseNumber(pick(NUMBER_SPELLINGS));
            case 2 -> JsonBoolean.of(random.nextBoolean());
            case 3 -> JsonNull.INSTANCE;
            case 4 -> JsonNumber.of(random.nextLong());
            case 5 -> {
                List<JsonValue> items = new ArrayList<>();
                for (int i = 0, n = random.nextInt(3); i < n; i++) {
                    items.add(freeValue(depth - 1));
                }
                yield JsonArray.of(items);
            }
            default -> {
                JsonObject.Builder o = JsonObject.builder();
                for (int i = 0, n = random.nextInt(3); i < n; i++) {
                    o.put(pick(List.of("a", "B", "ключ", "z_" + word(), "1", "")), freeValue(depth - 1));
                }
                yield o.build();
            }
        };
    }

    private static JsonNumber parseNumber(String text) {
        return (JsonNumber) org.datong.stix.json.Json.parse(text);
    }

    private JsonObject hashes() {
        JsonObject.Builder b = JsonObject.builder().put("SHA-256", hex(32));
        if (random.nextBoolean()) {
            b.put("MD5", hex(16));
        }
        if (random.nextInt(4) == 0) {
            b.put("x_acme_hash", hex(10));
        }
        return b.build();
    }

    String timestamp(int secondsAfterBase) {
        Instant t = BASE.plusSeconds(secondsAfterBase);
        String s = Timestamp.of(t).text();
        return random.nextBoolean() ? s : s.replace("Z", "123Z");
    }

    private String hex(int bytes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < bytes; i++) {
            sb.append(String.format("%02x", random.nextInt(256)));
        }
        return sb.toString();
    }

    private String word() {
        return Integer.toString(random.nextInt(1 << 20), 36);
    }

    private String uuid() {
        return new UUID((random.nextLong() & ~0xF000L) | 0x4000L,
                (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }
}
