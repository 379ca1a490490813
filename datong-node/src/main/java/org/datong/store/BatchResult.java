package org.datong.store;

import java.time.Instant;
import java.util.List;

/**
 * The result of {@link ObjectStore#add}: one outcome per input, in input order.
 *
 * @param outcomes  per-input outcomes
 * @param dateAdded the date_added given to the objects stored by this batch
 */
public record BatchResult(List<Outcome> outcomes, Instant dateAdded) {
    public BatchResult {
        outcomes = List.copyOf(outcomes);
    }

    public long count(Outcome.Status status) {
        return outcomes.stream().filter(o -> o.status() == status).count();
    }
}
