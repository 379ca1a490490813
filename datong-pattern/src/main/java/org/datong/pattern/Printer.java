package org.datong.pattern;

import java.math.BigDecimal;
import java.util.List;

/**
 * Writes a tree back as canonical pattern text: single spaces around
 * operators, parentheses only where precedence or left-to-right grouping
 * needs them, strings quoted with {@code \'} and {@code \\} escaped, property
 * names quoted when they are not plain identifiers. Reading the output gives
 * an equal tree.
 */
final class Printer {
    private Printer() {
    }

    static String print(ObservationExpr e) {
        StringBuilder sb = new StringBuilder(64);
        observation(e, sb);
        return sb.toString();
    }

    /** Binding strength: higher binds tighter. */
    private static int rank(ObservationExpr e) {
        return switch (e) {
            case ObservationExpr.Observation o -> 5;
            case ObservationExpr.Within w -> 4;
            case ObservationExpr.Repeats r -> 4;
            case ObservationExpr.StartStop s -> 4;
            case ObservationExpr.And a -> 3;
            case ObservationExpr.Or o -> 2;
            case ObservationExpr.FollowedBy f -> 1;
        };
    }

    private static void observation(ObservationExpr e, StringBuilder sb) {
        switch (e) {
            case ObservationExpr.Observation o -> {
                sb.append('[');
                comparison(o.expr(), sb);
                sb.append(']');
            }
            case ObservationExpr.And a -> binary(e, a.left(), " AND ", a.right(), sb);
            case ObservationExpr.Or o -> binary(e, o.left(), " OR ", o.right(), sb);
            case ObservationExpr.FollowedBy f -> binary(e, f.left(), " FOLLOWEDBY ", f.right(), sb);
            case ObservationExpr.Within w -> {
                operand(w.inner(), rank(w) - 1, sb);
                sb.append(" WITHIN ").append(number(w.seconds())).append(" SECONDS");
            }
            case ObservationExpr.Repeats r -> {
                operand(r.inner(), rank(r) - 1, sb);
                sb.append(" REPEATS ").append(r.times()).append(" TIMES");
            }
            case ObservationExpr.StartStop s -> {
                operand(s.inner(), rank(s) - 1, sb);
                sb.append(" START t'").append(s.start().text()).append("' STOP t'").append(s.stop().text()).append('\'');
            }
        }
    }

    private static void binary(ObservationExpr self, ObservationExpr left, String op, ObservationExpr right, StringBuilder sb) {
        int r = rank(self);
        List<ObservationExpr> operands = Chains.operands(self);
        for (int i = 0; i < operands.size(); i++) {
            if (i > 0) {
                sb.append(op);
            }
            // left to right: the chain needs no parentheses; an equal-rank right operand was grouped by them
            operand(operands.get(i), i == 0 ? r - 1 : r, sb);
        }
    }

    /** Writes the operand, in parentheses unless it binds tighter than {@code above}. */
    private static void operand(ObservationExpr e, int above, StringBuilder sb) {
        if (rank(e) > above) {
            observation(e, sb);
        } else {
            sb.append('(');
            observation(e, sb);
            sb.append(')');
        }
    }

    private static int rank(ComparisonExpr e) {
        return switch (e) {
            case ComparisonExpr.Or o -> 1;
            case ComparisonExpr.And a -> 2;
            default -> 3;
        };
    }

    private static void comparison(ComparisonExpr e, StringBuilder sb) {
        switch (e) {
            case ComparisonExpr.And a -> {
                List<ComparisonExpr> operands = Chains.operands(a);
                for (int i = 0; i < operands.size(); i++) {
                    if (i > 0) {
                        sb.append(" AND ");
                    }
                    comparisonOperand(operands.get(i), i == 0 ? 1 : 2, sb);
                }
            }
            case ComparisonExpr.Or o -> {
                List<ComparisonExpr> operands = Chains.operands(o);
                for (int i = 0; i < operands.size(); i++) {
                    if (i > 0) {
                        sb.append(" OR ");
                    }
                    comparisonOperand(operands.get(i), i == 0 ? 0 : 1, sb);
                }
            }
            case ComparisonExpr.Comparison c -> {
                path(c.path(), sb);
                sb.append(c.negated() ? " NOT " : " ").append(c.op().symbol()).append(' ');
                literal(c.value(), sb);
            }
            case ComparisonExpr.In in -> {
                path(in.path(), sb);
                sb.append(in.negated() ? " NOT IN (" : " IN (");
                for (int i = 0; i < in.values().size(); i++) {
                    if (i > 0) {
                        sb.append(", ");
                    }
                    literal(in.values().get(i), sb);
                }
                sb.append(')');
            }
            case ComparisonExpr.Exists x -> {
                sb.append("EXISTS ");
                path(x.path(), sb);
            }
        }
    }

    private static void comparisonOperand(ComparisonExpr e, int above, StringBuilder sb) {
        if (rank(e) > above) {
            comparison(e, sb);
        } else {
            sb.append('(');
            comparison(e, sb);
            sb.append(')');
        }
    }

    static void path(ObjectPath p, StringBuilder sb) {
        sb.append(p.objectType()).append(':');
        steps(p, sb);
    }

    static void steps(ObjectPath p, StringBuilder sb) {
        boolean first = true;
        for (ObjectPath.Step s : p.steps()) {
            switch (s) {
                case ObjectPath.Step.Member m -> {
                    if (!first) {
                        sb.append('.');
                    }
                    if (isPlainName(m.name())) {
                        sb.append(m.name());
                    } else {
                        quote(m.name(), sb);
                    }
                }
                case ObjectPath.Step.Index i -> sb.append('[').append(i.index()).append(']');
                case ObjectPath.Step.AnyIndex a -> sb.append("[*]");
            }
            first = false;
        }
    }

    /** A name that can be written without quotes: an identifier that is not a keyword or boolean. */
    static boolean isPlainName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        char c0 = name.charAt(0);
        if (!(c0 >= 'a' && c0 <= 'z' || c0 >= 'A' && c0 <= 'Z' || c0 == '_')) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return !Keywords.isReserved(name);
    }

    static void literal(Literal l, StringBuilder sb) {
        switch (l) {
            case Literal.Text t -> quote(t.value(), sb);
            case Literal.Int i -> sb.append(i.value());
            case Literal.Real r -> sb.append(number(r.value()));
            case Literal.Bool b -> sb.append(b.value());
            case Literal.Binary b -> sb.append("b'").append(b.base64()).append('\'');
            case Literal.Hex h -> sb.append("h'").append(h.hex()).append('\'');
            case Literal.Time t -> sb.append("t'").append(t.value().text()).append('\'');
        }
    }

    /** A float as the grammar reads it back: plain digits with a decimal point. */
    static String number(BigDecimal d) {
        String s = d.toPlainString();
        return s;
    }

    static void quote(String s, StringBuilder sb) {
        sb.append('\'');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        sb.append('\'');
    }
}
