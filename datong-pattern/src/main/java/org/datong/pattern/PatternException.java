package org.datong.pattern;

/**
 * A pattern that cannot be read or evaluated: a syntax error, an invalid
 * constant, an operator used with the wrong operand, or (during evaluation) a
 * property compared with a constant of an incompatible type. The message
 * starts with {@code line:column} of the offending place.
 */
public final class PatternException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;
    private final String reason;

    PatternException(Position at, String reason) {
        super(at + ": " + reason);
        this.line = at.line();
        this.column = at.column();
        this.reason = reason;
    }

    /** 1-based line of the problem. */
    public int line() {
        return line;
    }

    /** 1-based column (in code points) of the problem. */
    public int column() {
        return column;
    }

    /** The message without the position. */
    public String reason() {
        return reason;
    }
}
