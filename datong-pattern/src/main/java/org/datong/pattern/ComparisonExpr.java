package org.datong.pattern;

import java.util.List;
import java.util.Objects;

/**
 * The inside of an observation expression: comparisons joined by the Boolean
 * operators AND and OR (STIX 2.1 section 9.6). Every comparison of one
 * observation must be satisfied starting from the same cyber-observable object.
 */
public sealed interface ComparisonExpr {

    /** {@code a AND b}: both hold for the same object. */
    record And(ComparisonExpr left, ComparisonExpr right) implements ComparisonExpr {
        public And {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }
    }

    /** {@code a OR b}: either holds. */
    record Or(ComparisonExpr left, ComparisonExpr right) implements ComparisonExpr {
        public Or {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }
    }

    /** {@code path [NOT] op literal} for every operator but IN. */
    record Comparison(ObjectPath path, boolean negated, Operator op, Literal value) implements ComparisonExpr {
        public Comparison {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code path [NOT] IN (v1, v2, ...)}. */
    record In(ObjectPath path, boolean negated, List<Literal> values) implements ComparisonExpr {
        public In {
            Objects.requireNonNull(path, "path");
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("IN needs at least one value");
            }
        }
    }

    /** {@code EXISTS path}. */
    record Exists(ObjectPath path) implements ComparisonExpr {
        public Exists {
            Objects.requireNonNull(path, "path");
        }
    }
}
