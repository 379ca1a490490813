package org.datong.pattern;

import java.util.List;

/**
 * The outcome of evaluating a pattern against observations.
 *
 * @param matched         true when the pattern matched
 * @param observedDataIds the ids of the observed-data objects that took part in some match, in input order
 *                        (empty when it did not match)
 */
public record MatchResult(boolean matched, List<String> observedDataIds) {
    public MatchResult {
        observedDataIds = List.copyOf(observedDataIds);
    }
}
