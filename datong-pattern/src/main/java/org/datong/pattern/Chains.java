package org.datong.pattern;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Flattens left-leaning chains of one binary operator ({@code a OR b OR c ...})
 * into their operands in text order, so that walkers loop over long chains
 * (indicators with thousands of ORed hashes) instead of recursing once per
 * operator. Operands of another kind are returned as they are.
 */
final class Chains {
    private Chains() {
    }

    static List<ComparisonExpr> operands(ComparisonExpr.And top) {
        List<ComparisonExpr> rights = new ArrayList<>();
        ComparisonExpr e = top;
        while (e instanceof ComparisonExpr.And a) {
            rights.add(a.right());
            e = a.left();
        }
        rights.add(e);
        Collections.reverse(rights);
        return rights;
    }

    static List<ComparisonExpr> operands(ComparisonExpr.Or top) {
        List<ComparisonExpr> rights = new ArrayList<>();
        ComparisonExpr e = top;
        while (e instanceof ComparisonExpr.Or o) {
            rights.add(o.right());
            e = o.left();
        }
        rights.add(e);
        Collections.reverse(rights);
        return rights;
    }

    /** Operands of a chain of observation ANDs, ORs or FOLLOWEDBYs (whichever the top node is). */
    static List<ObservationExpr> operands(ObservationExpr top) {
        List<ObservationExpr> rights = new ArrayList<>();
        ObservationExpr e = top;
        Class<?> kind = top.getClass();
        while (e.getClass() == kind) {
            switch (e) {
                case ObservationExpr.And a -> {
                    rights.add(a.right());
                    e = a.left();
                }
                case ObservationExpr.Or o -> {
                    rights.add(o.right());
                    e = o.left();
                }
                case ObservationExpr.FollowedBy f -> {
                    rights.add(f.right());
                    e = f.left();
                }
                default -> throw new IllegalArgumentException("not a binary observation operator: " + top.getClass());
            }
        }
        rights.add(e);
        Collections.reverse(rights);
        return rights;
    }
}
