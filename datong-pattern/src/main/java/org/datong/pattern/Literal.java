package org.datong.pattern;

import org.datong.stix.Timestamp;

import java.math.BigDecimal;
import java.util.Objects;

/** A constant of STIX 2.1 section 9.2. Values are decoded and checked when the pattern is read. */
public sealed interface Literal {

    /** The constant's type name as used in messages: string, integer, float, boolean, binary, hex, timestamp. */
    String typeName();

    /** {@code 'text'} with {@code \'} and {@code \\} unescaped. */
    record Text(String value) implements Literal {
        public Text {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String typeName() {
            return "string";
        }
    }

    /** A signed integer. */
    record Int(long value) implements Literal {
        @Override
        public String typeName() {
            return "integer";
        }
    }

    /** A floating-point number, kept exactly as written. */
    record Real(BigDecimal value) implements Literal {
        public Real {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String typeName() {
            return "float";
        }
    }

    /** {@code true} or {@code false}. */
    record Bool(boolean value) implements Literal {
        @Override
        public String typeName() {
            return "boolean";
        }
    }

    /** {@code b'base64'}; line feeds are removed, the rest is valid RFC 4648 base64. */
    record Binary(String base64) implements Literal {
        public Binary {
            Objects.requireNonNull(base64, "base64");
        }

        public byte[] bytes() {
            return java.util.Base64.getDecoder().decode(base64);
        }

        @Override
        public String typeName() {
            return "binary";
        }
    }

    /** {@code h'hex'}; an even number of hexadecimal digits. */
    record Hex(String hex) implements Literal {
        public Hex {
            Objects.requireNonNull(hex, "hex");
        }

        public byte[] bytes() {
            return java.util.HexFormat.of().parseHex(hex);
        }

        @Override
        public String typeName() {
            return "hex";
        }
    }

    /** {@code t'2016-06-01T00:00:00Z'}. */
    record Time(Timestamp value) implements Literal {
        public Time {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String typeName() {
            return "timestamp";
        }
    }
}
