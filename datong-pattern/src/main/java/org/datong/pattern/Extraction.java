package org.datong.pattern;

import java.util.List;
import java.util.Objects;

/**
 * What {@link Patterns#extract} found: either the pattern is exactly "any of
 * these atoms" (so an index lookup decides it), or it is not, and why.
 */
public sealed interface Extraction {

    /**
     * The pattern matches an observation exactly when the observation has an
     * object with one of the atoms (a disjunction of equality tests, IN sets
     * and ISSUBSET on addresses, without qualifiers or negation).
     */
    record Reducible(List<Atom> atoms) implements Extraction {
        public Reducible {
            atoms = List.copyOf(atoms);
        }
    }

    /** The pattern needs the evaluator; the reason says which construct prevents the reduction. */
    record NotReducible(String reason) implements Extraction {
        public NotReducible {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
