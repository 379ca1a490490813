package org.datong.detect;

import org.datong.pattern.Atom;
import org.datong.pattern.AtomKind;
import org.datong.pattern.ComparisonExpr;
import org.datong.pattern.Literal;
import org.datong.pattern.ObjectPath;
import org.datong.pattern.ObservationExpr;
import org.datong.pattern.Operator;
import org.datong.pattern.Pattern;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Indicators whose patterns do not reduce to atoms: they are evaluated by the
 * pattern engine, but only on the events they could concern. For each
 * pattern a set of trigger atoms is derived such that the pattern cannot
 * match an event that has none of them (for {@code A AND B} the triggers of
 * either side suffice; for {@code A OR B} those of both are needed); the
 * triggers are indexed like ordinary atoms, and a hit on one marks the
 * pattern for evaluation at the end of the event. A pattern without such a
 * set (only negations, LIKE, MATCHES...) is evaluated on every event that
 * carries an object type it names.
 */
final class PatternRules {
    record Rule(int ref, Pattern pattern, String text, Set<String> types) {
    }

    final List<Rule> rules = new ArrayList<>();
    final IndicatorIndex.Builder triggers = IndicatorIndex.builder();
    final List<Integer> ungated = new ArrayList<>();
    final Set<String> ungatedTypes = new HashSet<>();
    private IndicatorIndex builtTriggers;
    private int[] ungatedArray;

    /** Adds a non-reducible pattern of source {@code ref}. */
    void add(int ref, Pattern p, String text) {
        Set<String> types = new HashSet<>();
        collectTypes(p.root(), types);
        int ordinal = rules.size();
        rules.add(new Rule(ref, p, text, Set.copyOf(types)));
        // in the trigger index, source ordinal = rule ordinal
        int source = triggers.addList("pattern#" + ordinal);
        List<Atom> atoms = triggers(p.root());
        boolean indexed = atoms != null && !atoms.isEmpty();
        if (indexed) {
            for (Atom a : atoms) {
                indexed &= StixIndicators.addAtom(triggers, source, a, false);
            }
        }
        if (!indexed) {
            ungated.add(ordinal);
            ungatedTypes.addAll(types);
        }
    }

    boolean isEmpty() {
        return rules.isEmpty();
    }

    void freeze() {
        builtTriggers = triggers.build();
        ungatedArray = ungated.stream().mapToInt(Integer::intValue).toArray();
    }

    IndicatorIndex triggerIndex() {
        return builtTriggers;
    }

    int[] ungatedRules() {
        return ungatedArray;
    }

    /** Atoms at least one of which any match must contain, or null when there is no such set. */
    static List<Atom> triggers(ObservationExpr e) {
        return switch (e) {
            case ObservationExpr.Observation o -> triggers(o.expr());
            case ObservationExpr.Or o -> union(triggers(o.left()), triggers(o.right()));
            case ObservationExpr.And a -> either(triggers(a.left()), triggers(a.right()));
            case ObservationExpr.FollowedBy f -> either(triggers(f.left()), triggers(f.right()));
            case ObservationExpr.Within w -> triggers(w.inner());
            case ObservationExpr.Repeats r -> triggers(r.inner());
            case ObservationExpr.StartStop s -> triggers(s.inner());
        };
    }

    static List<Atom> triggers(ComparisonExpr e) {
        return switch (e) {
            case ComparisonExpr.Or o -> union(triggers(o.left()), triggers(o.right()));
            case ComparisonExpr.And a -> either(triggers(a.left()), triggers(a.right()));
            case ComparisonExpr.Exists x -> null;
            case ComparisonExpr.In in -> {
                if (in.negated() || !simple(in.path())) {
                    yield null;
                }
                List<Atom> out = new ArrayList<>();
                for (Literal l : in.values()) {
                    String v = text(l);
                    if (v == null) {
                        yield null;
                    }
                    out.add(new Atom(in.path().objectType(), in.path().propertyPath(), v, AtomKind.EQUALS));
                }
                yield out;
            }
            case ComparisonExpr.Comparison c -> {
                if (c.negated() || !simple(c.path())) {
                    yield null;
                }
                if (c.op() == Operator.EQ) {
                    String v = text(c.value());
                    yield v == null ? null : List.of(new Atom(c.path().objectType(), c.path().propertyPath(), v, AtomKind.EQUALS));
                }
                if (c.op() == Operator.ISSUBSET && c.value() instanceof Literal.Text t
                        && (c.path().objectType().equals("ipv4-addr") || c.path().objectType().equals("ipv6-addr"))) {
                    yield List.of(new Atom(c.path().objectType(), c.path().propertyPath(), t.value(), AtomKind.IN_CIDR));
                }
                yield null;
            }
        };
    }

    private static boolean simple(ObjectPath p) {
        for (ObjectPath.Step s : p.steps()) {
            if (!(s instanceof ObjectPath.Step.Member m) || m.name().endsWith("_ref") || m.name().endsWith("_refs")) {
                return false;
            }
        }
        return true;
    }

    private static String text(Literal l) {
        return switch (l) {
            case Literal.Text t -> t.value();
            case Literal.Int i -> Long.toString(i.value());
            case Literal.Hex h -> h.hex();
            default -> null;
        };
    }

    private static List<Atom> union(List<Atom> a, List<Atom> b) {
        if (a == null || b == null) {
            return null;
        }
        List<Atom> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** For a conjunction either side's triggers do; prefer the side whose values telemetry carries best. */
    private static List<Atom> either(List<Atom> a, List<Atom> b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return score(a) >= score(b) ? a : b;
    }

    /** Values that identify (addresses, domains, hashes, URLs) beat ports and names. */
    private static int score(List<Atom> atoms) {
        int s = 0;
        for (Atom a : atoms) {
            String t = a.objectType();
            boolean strong = t.equals("ipv4-addr") || t.equals("ipv6-addr") || t.equals("domain-name") || t.equals("url")
                    || t.equals("email-addr") || a.propertyPath().startsWith("hashes");
            s += strong ? 10 : 1;
        }
        return s / Math.max(1, atoms.size());
    }

    static void collectTypes(ObservationExpr e, Set<String> out) {
        switch (e) {
            case ObservationExpr.Observation o -> collectTypes(o.expr(), out);
            case ObservationExpr.Or o -> {
                collectTypes(o.left(), out);
                collectTypes(o.right(), out);
            }
            case ObservationExpr.And a -> {
                collectTypes(a.left(), out);
                collectTypes(a.right(), out);
            }
            case ObservationExpr.FollowedBy f -> {
                collectTypes(f.left(), out);
                collectTypes(f.right(), out);
            }
            case ObservationExpr.Within w -> collectTypes(w.inner(), out);
            case ObservationExpr.Repeats r -> collectTypes(r.inner(), out);
            case ObservationExpr.StartStop s -> collectTypes(s.inner(), out);
        }
    }

    static void collectTypes(ComparisonExpr e, Set<String> out) {
        switch (e) {
            case ComparisonExpr.Or o -> {
                collectTypes(o.left(), out);
                collectTypes(o.right(), out);
            }
            case ComparisonExpr.And a -> {
                collectTypes(a.left(), out);
                collectTypes(a.right(), out);
            }
            case ComparisonExpr.Exists x -> out.add(x.path().objectType());
            case ComparisonExpr.In in -> out.add(in.path().objectType());
            case ComparisonExpr.Comparison c -> out.add(c.path().objectType());
        }
    }
}
