package org.datong.pattern;

import org.datong.stix.Severity;

import java.util.Objects;

/**
 * One thing {@link Patterns#check} found in a pattern.
 *
 * @param severity error (the pattern is invalid and matches nothing) or warning (valid but suspicious,
 *                 like an unknown object type)
 * @param line     1-based line
 * @param column   1-based column, in code points
 * @param message  what is wrong
 */
public record Problem(Severity severity, int line, int column, String message) {
    public Problem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    static Problem error(Position at, String message) {
        return new Problem(Severity.ERROR, at.line(), at.column(), message);
    }

    static Problem warning(Position at, String message) {
        return new Problem(Severity.WARNING, at.line(), at.column(), message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code line:column: message}, as printed by {@code datong pattern validate}. */
    @Override
    public String toString() {
        return line + ":" + column + ": " + message;
    }
}
