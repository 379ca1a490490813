package org.datong.pattern;

/** The comparison operators of STIX 2.1 section 9.6.1, except IN and EXISTS which have their own nodes. */
public enum Operator {
    EQ("="), NEQ("!="), LT("<"), LE("<="), GT(">"), GE(">="),
    LIKE("LIKE"), MATCHES("MATCHES"), ISSUBSET("ISSUBSET"), ISSUPERSET("ISSUPERSET");

    private final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }

    /** How the operator is written in a pattern. */
    public String symbol() {
        return symbol;
    }

    /** True for the ordering operators {@code < <= > >=}. */
    public boolean isOrdering() {
        return this == LT || this == LE || this == GT || this == GE;
    }

    static Operator ofSymbol(String s) {
        for (Operator o : values()) {
            if (o.symbol.equals(s)) {
                return o;
            }
        }
        throw new IllegalArgumentException("no comparison operator " + s);
    }
}
