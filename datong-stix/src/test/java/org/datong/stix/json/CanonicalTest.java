package org.datong.stix.json;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class CanonicalTest {
    @Test
    void stringsAreEscapedAsRfc8785Section322Says() {
        // the string of RFC 8785 appendix B: only '"', '\' and controls are escaped, everything else as is
        JsonString s = new JsonString("\u20ac$\u000F\nA'B\"\\\\\"/");
        assertThat(Canonical.toString(s)).isEqualTo("\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"");
        assertThat(Canonical.toString(new JsonString("\b\f\r\t\u0000\u001f"))).isEqualTo("\"\\b\\f\\r\\t\\u0000\\u001f\"");
        assertThat(Canonical.toString(new JsonString(""))).isEqualTo("\"\"");
    }

    @Test
    void randomStringsMatchAPlainPerCharacterEscaper() {
        Random random = new Random(8785);
        char[] alphabet = {'a', 'Z', '0', ' ', '"', '\\', '/', '\n', '\t', '\u0001', '\u001f', '\u007f', '\u00e9', '\u4e2d',
                '\ud83d', '\ude00'};
        for (int round = 0; round < 2000; round++) {
            StringBuilder b = new StringBuilder();
            int n = random.nextInt(40);
            for (int i = 0; i < n; i++) {
                b.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String text = b.toString();
            StringBuilder out = new StringBuilder();
            Canonical.appendString(out, text);
            assertThat(out.toString()).as("%s", text).isEqualTo(reference(text));
        }
    }

    @Test
    void membersAreSortedByUtf16CodeUnitsAsRfc8785Section323Says() {
        // the sorting example of RFC 8785 section 3.2.3
        JsonObject o = JsonObject.builder().put("\u20ac", "Euro Sign").put("\r", "Carriage Return")
                .put("\ufb33", "Hebrew Letter Dalet With Dagesh").put("1", "One").put("\ud83d\ude00", "Emoji: Grinning Face")
                .put("\u0080", "Control").put("\u00f6", "Latin Small Letter O With Diaeresis").build();
        assertThat(Canonical.toString(o)).isEqualTo("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
                + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
    }

    @Test
    void randomObjectsMatchAReferenceThatSortsTheNames() {
        Random random = new Random(3233);
        String[] parts = {"a", "b", "id", "type", "x_", "\u00e9", "\ud83d\ude00", "\ufb33", "Z", "0", "_"};
        for (int round = 0; round < 500; round++) {
            int n = random.nextInt(60); // both the small-object and the large-object sort
            JsonObject.Builder b = JsonObject.builder();
            java.util.TreeMap<String, String> reference = new java.util.TreeMap<>();
            for (int i = 0; i < n; i++) {
                String key = parts[random.nextInt(parts.length)] + parts[random.nextInt(parts.length)] + random.nextInt(50);
                if (reference.containsKey(key)) {
                    continue;
                }
                String value = "v" + i;
                b.put(key, value);
                reference.put(key, value);
            }
            StringBuilder expected = new StringBuilder("{");
            reference.forEach((k, v) -> {
                if (expected.length() > 1) {
                    expected.append(',');
                }
                expected.append(reference(k)).append(':').append(reference(v));
            });
            expected.append('}');
            assertThat(Canonical.toString(b.build())).isEqualTo(expected.toString());
        }
    }

    private static String reference(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return sb.append('"').toString();
    }
}
