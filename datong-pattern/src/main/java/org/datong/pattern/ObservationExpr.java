package org.datong.pattern;

import org.datong.stix.Timestamp;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A pattern expression: observation expressions joined by observation
 * operators and restricted by qualifiers (STIX 2.1 sections 9.4 and 9.5).
 * Immutable; equal when structurally equal (positions are not part of the
 * tree, see {@link Pattern#position}).
 */
public sealed interface ObservationExpr {

    /** {@code [ comparison-expression ]}: matches one observed-data object. */
    record Observation(ComparisonExpr expr) implements ObservationExpr {
        public Observation {
            Objects.requireNonNull(expr, "expr");
        }
    }

    /** {@code a AND b}: both match, on different observations. */
    record And(ObservationExpr left, ObservationExpr right) implements ObservationExpr {
        public And {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }
    }

    /** {@code a OR b}: either matches. */
    record Or(ObservationExpr left, ObservationExpr right) implements ObservationExpr {
        public Or {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }
    }

    /** {@code a FOLLOWEDBY b}: both match on different observations, b's no earlier than a's. */
    record FollowedBy(ObservationExpr left, ObservationExpr right) implements ObservationExpr {
        public FollowedBy {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }
    }

    /** {@code a WITHIN x SECONDS}: every observation matched by a falls in a window shorter than x seconds. */
    record Within(ObservationExpr inner, BigDecimal seconds) implements ObservationExpr {
        public Within {
            Objects.requireNonNull(inner, "inner");
            Objects.requireNonNull(seconds, "seconds");
        }
    }

    /** {@code a REPEATS x TIMES}: a matches x times, each on different observations. */
    record Repeats(ObservationExpr inner, long times) implements ObservationExpr {
        public Repeats {
            Objects.requireNonNull(inner, "inner");
        }
    }

    /** {@code a START t STOP u}: every observation matched by a lies in [t, u). */
    record StartStop(ObservationExpr inner, Timestamp start, Timestamp stop) implements ObservationExpr {
        public StartStop {
            Objects.requireNonNull(inner, "inner");
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(stop, "stop");
        }
    }
}
