package org.datong.pattern;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reduces a pattern to atomic indicators when it is a disjunction of simple
 * tests: {@code [a = 'x' OR b IN ('y', 'z')] OR [c ISSUBSET '10.0.0.0/8']}.
 * Anything that needs more than "one object has one of these values" (AND,
 * NOT, ordering, LIKE, MATCHES, EXISTS, FOLLOWEDBY, qualifiers, an observation
 * AND) is not reducible.
 */
final class Extractor {
    private Extractor() {
    }

    /** Thrown inside the walk with the reason; cheaper to read than threading results. */
    private static final class No extends Exception {
        private static final long serialVersionUID = 1L;

        No(String reason) {
            super(reason, null, false, false);
        }
    }

    static Extraction extract(Pattern p) {
        List<Atom> atoms = new ArrayList<>();
        try {
            observation(p.root(), atoms);
        } catch (No no) {
            return new Extraction.NotReducible(no.getMessage());
        }
        return new Extraction.Reducible(atoms);
    }

    /**
     * The atoms each of which alone satisfies the pattern: the reducible
     * operands of the OR at the top of the pattern (between observations and
     * inside one), whatever the other operands need. Empty when the top is an
     * AND, FOLLOWEDBY or a qualifier.
     */
    static List<Atom> sufficient(Pattern p) {
        LinkedHashSet<Atom> atoms = new LinkedHashSet<>();
        sufficientObservation(p.root(), atoms);
        return List.copyOf(atoms);
    }

    private static void sufficientObservation(ObservationExpr e, Set<Atom> atoms) {
        switch (e) {
            case ObservationExpr.Observation o -> sufficientComparison(o.expr(), atoms);
            case ObservationExpr.Or o -> {
                for (ObservationExpr x : Chains.operands(e)) {
                    sufficientObservation(x, atoms);
                }
            }
            // several observations, their order or a qualifier: no one value is enough
            default -> { }
        }
    }

    private static void sufficientComparison(ComparisonExpr e, Set<Atom> atoms) {
        if (e instanceof ComparisonExpr.Or o) {
            for (ComparisonExpr x : Chains.operands(o)) {
                sufficientComparison(x, atoms);
            }
            return;
        }
        List<Atom> one = new ArrayList<>();
        try {
            comparison(e, one);
        } catch (No no) {
            return; // AND, a negation, LIKE, MATCHES...: needs the evaluator
        }
        atoms.addAll(one);
    }

    private static void observation(ObservationExpr e, List<Atom> atoms) throws No {
        switch (e) {
            case ObservationExpr.Observation o -> comparison(o.expr(), atoms);
            case ObservationExpr.Or o -> {
                for (ObservationExpr x : Chains.operands(e)) {
                    observation(x, atoms);
                }
            }
            case ObservationExpr.And a -> throw new No("observation operator AND needs two observations");
            case ObservationExpr.FollowedBy f -> throw new No("observation operator FOLLOWEDBY orders observations in time");
            case ObservationExpr.Within w -> throw new No("qualifier WITHIN constrains time");
            case ObservationExpr.Repeats r -> throw new No("qualifier REPEATS counts observations");
            case ObservationExpr.StartStop s -> throw new No("qualifier START/STOP constrains time");
        }
    }

    private static void comparison(ComparisonExpr e, List<Atom> atoms) throws No {
        switch (e) {
            case ComparisonExpr.Or o -> {
                for (ComparisonExpr x : Chains.operands(o)) {
                    comparison(x, atoms);
                }
            }
            case ComparisonExpr.And a -> throw new No("AND inside an observation needs several properties of one object");
            case ComparisonExpr.Exists x -> throw new No("EXISTS tests presence, not a value");
            case ComparisonExpr.In in -> {
                if (in.negated()) {
                    throw new No("NOT IN is a negation");
                }
                simplePath(in.path());
                for (Literal l : in.values()) {
                    atoms.add(new Atom(in.path().objectType(), in.path().propertyPath(), value(in.path(), l), AtomKind.EQUALS));
                }
            }
            case ComparisonExpr.Comparison c -> {
                if (c.negated()) {
                    throw new No("NOT " + c.op().symbol() + " is a negation");
                }
                simplePath(c.path());
                switch (c.op()) {
                    case EQ -> atoms.add(new Atom(c.path().objectType(), c.path().propertyPath(), value(c.path(), c.value()),
                            AtomKind.EQUALS));
                    case ISSUBSET -> {
                        if (!(c.value() instanceof Literal.Text t) || !isAddressValue(c.path())) {
                            throw new No("ISSUBSET on something other than an address value");
                        }
                        atoms.add(new Atom(c.path().objectType(), c.path().propertyPath(), t.value(), AtomKind.IN_CIDR));
                    }
                    default -> throw new No("operator " + c.op().symbol() + " is not an equality test");
                }
            }
        }
    }

    private static boolean isAddressValue(ObjectPath p) {
        return (p.objectType().equals("ipv4-addr") || p.objectType().equals("ipv6-addr"))
                && p.steps().size() == 1 && p.property().equals("value");
    }

    /** Only paths that name a value of the object itself: no list elements, no references followed. */
    private static void simplePath(ObjectPath p) throws No {
        for (ObjectPath.Step s : p.steps()) {
            if (!(s instanceof ObjectPath.Step.Member m)) {
                throw new No("the path " + p + " goes through a list");
            }
            if (m.name().endsWith("_ref") || m.name().endsWith("_refs")) {
                if (s != p.steps().get(p.steps().size() - 1)) {
                    throw new No("the path " + p + " follows a reference");
                }
            }
        }
    }

    /**
     * The constant as atom text. An address equality with a host-length block
     * ({@code /32}, {@code /128}) is the plain address, since that is what the
     * evaluator treats it as and what telemetry carries.
     */
    private static String value(ObjectPath path, Literal l) {
        return switch (l) {
            case Literal.Text t -> {
                if (isAddressValue(path)) {
                    int slash = t.value().indexOf('/');
                    Network n = Network.parse(t.value());
                    if (slash > 0 && n != null && n.prefix == n.bits.length * 8) {
                        yield t.value().substring(0, slash);
                    }
                }
                yield t.value();
            }
            case Literal.Int i -> Long.toString(i.value());
            case Literal.Real r -> r.value().toPlainString();
            case Literal.Bool b -> Boolean.toString(b.value());
            case Literal.Binary b -> b.base64();
            case Literal.Hex h -> h.hex();
            case Literal.Time t -> t.value().text();
        };
    }
}
