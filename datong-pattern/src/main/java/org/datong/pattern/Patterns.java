package org.datong.pattern;

import org.datong.stix.PatternChecker;
import org.datong.stix.json.JsonObject;

import java.util.List;

/**
 * The STIX 2.1 patterning language (specification section 9): read, check,
 * print, evaluate and reduce patterns. All methods are thread-safe.
 *
 * <pre>{@code
 * Pattern p = Patterns.parse("[ipv4-addr:value = '198.51.100.1']");   // throws PatternException
 * MatchResult r = Patterns.evaluate(p, bundleObjects);                  // which observed-data matched
 * Extraction x = Patterns.extract(p);                                   // Reducible([Atom(ipv4-addr, value, ...)])
 * }</pre>
 *
 * See docs/PATTERN.md for the semantics chosen where the specification leaves room.
 */
public final class Patterns {
    private Patterns() {
    }

    /**
     * Reads and checks a pattern.
     *
     * @throws PatternException at the first syntax error, invalid constant or other error-level problem
     *                          (message {@code line:column: reason}); warnings do not throw
     */
    public static Pattern parse(String text) {
        Checker.Result checked;
        try {
            checked = Checker.check(read(text));
        } catch (StackOverflowError e) {
            throw tooDeep();
        }
        for (Problem problem : checked.problems()) {
            if (problem.isError()) {
                throw new PatternException(new Position(problem.line(), problem.column()), problem.message());
            }
        }
        return checked.ready();
    }

    private static PatternException tooDeep() {
        return new PatternException(Position.START, "pattern is too deeply nested or too long a chain of operators to handle");
    }

    /**
     * All problems of a pattern, errors and warnings, each with its position, in
     * text order. Empty for a clean pattern. A syntax error is reported alone.
     */
    public static List<Problem> check(String text) {
        try {
            return Checker.check(read(text)).problems();
        } catch (PatternException e) {
            return List.of(Problem.error(new Position(e.line(), e.column()), e.reason()));
        } catch (StackOverflowError e) {
            return List.of(Problem.error(Position.START, tooDeep().reason()));
        }
    }

    /**
     * The hook for {@code org.datong.stix.Validator#withPatternChecker}: the first
     * error of a pattern as {@code line:column: reason}, or empty when it is valid.
     */
    public static PatternChecker checker() {
        return text -> check(text).stream().filter(Problem::isError).findFirst().map(Problem::toString);
    }

    /** The pattern's canonical text; {@code parse(print(p))} equals {@code p}. */
    public static String print(Pattern p) {
        try {
            return Printer.print(p.root());
        } catch (StackOverflowError e) {
            throw tooDeep();
        }
    }

    /** The atoms of a pattern that is a plain disjunction of equality tests, or why it is not one. */
    public static Extraction extract(Pattern p) {
        try {
            return Extractor.extract(p);
        } catch (StackOverflowError e) {
            return new Extraction.NotReducible("pattern is too deeply nested to reduce");
        }
    }

    /**
     * The atoms each of which alone makes the pattern match (one object with
     * that value in one observation): every atom of a reducible pattern, and
     * for another pattern the operands of the OR at its top that reduce, as in
     * {@code [ipv4-addr:value = '198.51.100.1'] OR [file:name MATCHES '^inv.*']}.
     * Empty when no single value is enough (AND, FOLLOWEDBY, qualifiers at the top).
     */
    public static List<Atom> sufficientAtoms(Pattern p) {
        try {
            return Extractor.sufficient(p);
        } catch (StackOverflowError e) {
            return List.of();
        }
    }

    /**
     * Evaluates a pattern against the observed-data objects among a bundle's
     * objects (the SCOs they refer to must be among them too).
     *
     * @throws PatternException when a comparison meets a value of an incompatible type, or the pattern's timing
     *                          needs an observed-data's missing timestamps
     */
    public static MatchResult evaluate(Pattern p, List<JsonObject> bundleObjects) {
        return evaluate(p, Observations.of(bundleObjects));
    }

    /** Evaluates against observations prepared once with {@link Observations#of}; for many patterns over the same data. */
    public static MatchResult evaluate(Pattern p, Observations observations) {
        try {
            return Evaluator.evaluate(p, observations);
        } catch (StackOverflowError e) {
            throw tooDeep();
        }
    }

    /** Syntax only, without the checks beyond it. */
    static Pattern read(String text) {
        if (text == null) {
            throw new PatternException(Position.START, "no pattern given");
        }
        if (text.length() > MAX_LENGTH) {
            throw new PatternException(Position.START, "pattern is longer than " + MAX_LENGTH + " characters");
        }
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && (c == '(' || c == '[')) {
                if (++depth > MAX_NESTING) {
                    throw new PatternException(Position.START, "pattern nests brackets and parentheses more than "
                            + MAX_NESTING + " deep");
                }
            } else if (!quoted && (c == ')' || c == ']')) {
                depth--;
            }
        }
        return HandParser.parse(text);
    }

    /** Deepest nesting of brackets and parentheses read; real patterns use a handful. */
    static final int MAX_NESTING = 100;

    /** Longest pattern read; far above real indicators, low enough that nesting cannot exhaust the stack. */
    static final int MAX_LENGTH = 1_000_000;
}
