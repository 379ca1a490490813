package org.datong.stix;

import java.util.Optional;

/**
 * Checks the syntax of a STIX pattern (STIX 2.1 section 9) for the
 * {@link Validator}, which cannot depend on the pattern module itself. The
 * validator calls it for indicators whose {@code pattern_type} is
 * {@code stix} and reports a returned message as an
 * {@code indicator-pattern-syntax} error.
 */
@FunctionalInterface
public interface PatternChecker {
    /**
     * @param pattern the indicator's {@code pattern} text
     * @return why the pattern is invalid, or empty when it is valid
     */
    Optional<String> check(String pattern);
}
