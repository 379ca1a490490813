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
