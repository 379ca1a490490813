package org.datong.stix.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;

/**
 * A JSON number, kept as the text it was written with so that output repeats
 * input exactly. Two numbers are equal when their values are equal
 * ({@code 1.0} equals {@code 1}), which is how RFC 8785 compares them too.
 */
public final class JsonNumber implements JsonValue {
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private final String text;
    private final boolean integral;

    private JsonNumber(String text, boolean integral) {
        this.text = text;
        this.integral = integral;
    }

    /** A number from its JSON text; the text must already be valid JSON number syntax. */
    static JsonNumber ofText(String text, boolean integralSyntax) {
        return new JsonNumber(text, integralSyntax);
    }

    public static JsonNumber of(long value) {
        return new JsonNumber(Long.toString(value), true);
    }

    public static JsonNumber of(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("JSON has no " + value);
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return new JsonNumber(Long.toString((long) value), true);
        }
        return new JsonNumber(Canonical.formatNumber(value), false);
    }

    public static JsonNumber of(BigDecimal value) {
        String s = value.toString();
        return new JsonNumber(s, value.scale() <= 0 && s.indexOf('E') < 0);
    }

    /** The number exactly as written in the JSON text. */
    public String text() {
        return text;
    }

    /** True when written without fraction or exponent, like {@code 42} or {@code -7}. */
    public boolean isIntegralSyntax() {
        return integral;
    }

    /** The exact value. */
    public BigDecimal bigDecimal() {
        return new BigDecimal(text);
    }

    /**
     * True when the value is a whole number that fits in a long, whatever its
     * spelling ({@code 5}, {@code 5.0} and {@code 5e0} all qualify).
     */
    public boolean fitsLong() {
        if (integral && text.length() < 19) {
            return true;
        }
        try {
            BigDecimal d = bigDecimal();
            if (d.signum() != 0 && d.stripTrailingZeros().scale() > 0) {
                return false;
            }
            BigInteger i = d.toBigIntegerExact();
            return i.compareTo(LONG_MIN) >= 0 && i.compareTo(LONG_MAX) <= 0;
        } catch (ArithmeticException e) {
            return false;
        }
    }

    /** The value as a long; only meaningful when {@link #fitsLong()}. */
    public long longValue() {
        if (integral && text.length() < 19) {
            return Long.parseLong(text);
        }
        return bigDecimal().longValue();
    }

    public double doubleValue() {
        return Double.parseDouble(text);
    }

    @Override
    public String kind() {
        return "number";
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof JsonNumber other)) {
            return false;
        }
        if (text.equals(other.text)) {
            return true;
        }
        return bigDecimal().compareTo(other.bigDecimal()) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(bigDecimal().stripTrailingZeros());
    }

    @Override
    public String toString() {
        return text;
    }
}
