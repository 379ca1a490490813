package org.datong.pattern;

import com.google.re2j.PatternSyntaxException;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;

/**
 * Validation beyond syntax (STIX 2.1 section 9): qualifier values, operators
 * against their operands, regular expressions, address blocks, constants
 * against the known types of properties, and warnings for unknown object types
 * and properties. While it walks the tree it also prepares what evaluation
 * needs (compiled regular expressions, parsed networks) so a checked pattern
 * is ready to evaluate.
 *
 * <p>Errors make a pattern invalid: such a pattern matches nothing (section
 * 9.4). Warnings leave it valid.
 */
final class Checker {
    /** RE2/J flags for MATCHES: the specification requires DOTALL. */
    static final int REGEX_FLAGS = com.google.re2j.Pattern.DOTALL;

    private final Pattern pattern;
    private final List<Problem> problems = new ArrayList<>();
    private final Map<Object, Object> prepared = new IdentityHashMap<>();

    private Checker(Pattern pattern) {
        this.pattern = pattern;
    }

    /**
     * What checking found.
     *
     * @param problems all problems, errors and warnings, in text order
     * @param ready    the pattern with its prepared operands, ready to evaluate (meaningful only without errors)
     */
    record Result(List<Problem> problems, Pattern ready) {
    }

    static Result check(Pattern pattern) {
        Checker c = new Checker(pattern);
        c.observation(pattern.root());
        c.problems.sort(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column));
        return new Result(List.copyOf(c.problems), pattern.withPrepared(c.prepared));
    }

    private void error(Object node, String message) {
        problems.add(Problem.error(pattern.position(node), message));
    }

    private void warning(Object node, String message) {
        problems.add(Problem.warning(pattern.position(node), message));
    }

    private enum QualifierKind { WITHIN, REPEATS, STARTSTOP }

    private void observation(ObservationExpr e) {
        switch (e) {
            case ObservationExpr.Observation o -> {
                comparison(o.expr());
                if (objectTypes(o.expr()) == null) {
                    warning(o, "this observation can never match: AND joins comparisons on different object types, "
                            + "but all comparisons of one observation must hold for the same object (STIX 2.1 section 9.5)");
                }
            }
            case ObservationExpr.And a -> Chains.operands(e).forEach(this::observation);
            case ObservationExpr.Or o -> Chains.operands(e).forEach(this::observation);
            case ObservationExpr.FollowedBy f -> Chains.operands(e).forEach(this::observation);
            case ObservationExpr.Within w -> {
                if (w.seconds().signum() <= 0) {
                    error(w, "WITHIN needs a positive number of seconds, not " + w.seconds().toPlainString());
                }
                qualifiers(w, EnumSet.noneOf(QualifierKind.class));
            }
            case ObservationExpr.Repeats r -> {
                if (r.times() <= 0) {
                    error(r, "REPEATS needs a positive number of times, not " + r.times());
                }
                qualifiers(r, EnumSet.noneOf(QualifierKind.class));
            }
            case ObservationExpr.StartStop s -> {
                if (!s.start().isBefore(s.stop())) {
                    error(s, "START " + s.start().text() + " must be before STOP " + s.stop().text());
                }
                qualifiers(s, EnumSet.noneOf(QualifierKind.class));
            }
        }
    }

    /**
     * At most one qualifier of each kind on one expression (section 9.5.1); the
     * later one in the text is reported. Then checks what they qualify.
     */
    private void qualifiers(ObservationExpr outer, Set<QualifierKind> seen) {
        List<ObservationExpr> chain = new ArrayList<>();
        ObservationExpr e = outer;
        while (isQualifier(e)) {
            chain.add(e);
            e = switch (e) {
                case ObservationExpr.Within w -> w.inner();
                case ObservationExpr.Repeats r -> r.inner();
                case ObservationExpr.StartStop s -> s.inner();
                default -> throw new IllegalStateException();
            };
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            ObservationExpr q = chain.get(i);
            if (i > 0) {
                checkQualifierValue(q);
            }
            QualifierKind kind = switch (q) {
                case ObservationExpr.Within w -> QualifierKind.WITHIN;
                case ObservationExpr.Repeats r -> QualifierKind.REPEATS;
                default -> QualifierKind.STARTSTOP;
            };
            if (!seen.add(kind)) {
                error(q, "an observation expression must not have more than one "
                        + (kind == QualifierKind.STARTSTOP ? "START/STOP" : kind.name()) + " qualifier");
            }
        }
        observation(e);
    }

    private static boolean isQualifier(ObservationExpr e) {
        return e instanceof ObservationExpr.Within || e instanceof ObservationExpr.Repeats
                || e instanceof ObservationExpr.StartStop;
    }

    private void checkQualifierValue(ObservationExpr e) {
        switch (e) {
            case ObservationExpr.Within w when w.seconds().signum() <= 0 ->
                    error(w, "WITHIN needs a positive number of seconds, not " + w.seconds().toPlainString());
            case ObservationExpr.Repeats r when r.times() <= 0 ->
                    error(r, "REPEATS needs a positive number of times, not " + r.times());
            case ObservationExpr.StartStop s when !s.start().isBefore(s.stop()) ->
                    error(s, "START " + s.start().text() + " must be before STOP " + s.stop().text());
            default -> {
            }
        }
    }

    /**
     * The object types an expression can match on one object, or null when it
     * can match none (an AND of comparisons that need different types).
     */
    private static Set<String> objectTypes(ComparisonExpr e) {
        return switch (e) {
            case ComparisonExpr.Comparison c -> Set.of(c.path().objectType());
            case ComparisonExpr.In in -> Set.of(in.path().objectType());
            case ComparisonExpr.Exists x -> Set.of(x.path().objectType());
            case ComparisonExpr.Or o -> {
                Set<String> union = null;
                for (ComparisonExpr x : Chains.operands(o)) {
                    Set<String> t = objectTypes(x);
                    if (t != null) {
                        if (union == null) {
                            union = new HashSet<>();
                        }
                        union.addAll(t);
                    }
                }
                yield union;
            }
            case ComparisonExpr.And a -> {
                Set<String> both = null;
                for (ComparisonExpr x : Chains.operands(a)) {
                    Set<String> t = objectTypes(x);
                    if (t == null) {
                        yield null;
                    }
                    if (both == null) {
                        both = new HashSet<>(t);
                    } else {
                        both.retainAll(t);
                    }
                }
                yield both == null || both.isEmpty() ? null : both;
            }
        };
    }

    private void comparison(ComparisonExpr e) {
        switch (e) {
            case ComparisonExpr.And a -> Chains.operands(a).forEach(this::comparison);
            case ComparisonExpr.Or o -> Chains.operands(o).forEach(this::comparison);
            case ComparisonExpr.Exists x -> path(x.path());
            case ComparisonExpr.In in -> {
                Schema.Kind kind = path(in.path());
                String first = in.values().get(0).typeName();
                for (Literal l : in.values()) {
                    if (!l.typeName().equals(first)) {
                        error(l, "the values of IN must all be of one type, but " + first + " and " + l.typeName() + " are mixed");
                        break;
                    }
                    compatible(in.path(), kind, l, "IN");
                }
            }
            case ComparisonExpr.Comparison c -> comparison(c);
        }
    }

    private void comparison(ComparisonExpr.Comparison c) {
        Schema.Kind kind = path(c.path());
        Literal v = c.value();
        switch (c.op()) {
            case EQ, NEQ -> compatible(c.path(), kind, v, c.op().symbol());
            case LT, LE, GT, GE -> {
                if (v instanceof Literal.Bool) {
                    error(v, c.op().symbol() + " needs an orderable constant, not a boolean");
                } else {
                    compatible(c.path(), kind, v, c.op().symbol());
                }
            }
            case LIKE -> {
                if (!(v instanceof Literal.Text t)) {
                    error(v, "LIKE needs a string constant, not " + article(v.typeName()));
                } else {
                    stringOperand(c, kind);
                    prepared.put(c, com.google.re2j.Pattern.compile(likeToRegex(nfc(t.value())), REGEX_FLAGS));
                }
            }
            case MATCHES -> {
                if (!(v instanceof Literal.Text t)) {
                    error(v, "MATCHES needs a string constant holding a regular expression, not " + article(v.typeName()));
                } else {
                    stringOperand(c, kind);
                    try {
                        prepared.put(c, com.google.re2j.Pattern.compile(nfc(t.value()), REGEX_FLAGS));
                    } catch (PatternSyntaxException ex) {
                        error(v, "MATCHES needs a valid regular expression: " + ex.getDescription()
                                + (ex.getPattern() == null || ex.getPattern().isEmpty() ? "" : " in '" + ex.getPattern() + "'"));
                    }
                }
            }
            case ISSUBSET, ISSUPERSET -> {
                String op = c.op().symbol();
                if (!(v instanceof Literal.Text t)) {
                    error(v, op + " needs a string constant holding an IP address or CIDR block, not " + article(v.typeName()));
                    return;
                }
                Network n = Network.parse(t.value());
                if (n == null) {
                    error(v, op + " needs an IPv4 or IPv6 address or CIDR block, not '" + t.value() + "'");
                    return;
                }
                String type = c.path().objectType();
                List<ObjectPath.Step> steps = c.path().steps();
                boolean direct = steps.size() == 1 && (type.equals("ipv4-addr") || type.equals("ipv6-addr"));
                boolean viaRef = steps.size() > 1 && steps.get(steps.size() - 1) instanceof ObjectPath.Step.Member m
                        && m.name().equals("value");
                if (direct && !c.path().property().equals("value")) {
                    error(c.path(), op + " applies to the value of an ipv4-addr or ipv6-addr, not to " + c.path());
                } else if (!direct && !viaRef) {
                    error(c.path(), op + " applies to ipv4-addr:value or ipv6-addr:value (or a reference to one), not to " + c.path());
                } else if (direct && type.equals("ipv4-addr") != n.isV4()) {
                    error(v, "'" + t.value() + "' is not an " + (type.equals("ipv4-addr") ? "IPv4" : "IPv6")
                            + " address or block, as " + type + " needs");
                }
                prepared.put(c, n);
            }
        }
    }

    private void stringOperand(ComparisonExpr.Comparison c, Schema.Kind kind) {
        if (kind != null && kind != Schema.Kind.STRING && kind != Schema.Kind.BINARY && kind != Schema.Kind.HEX
                && kind != Schema.Kind.STRINGS && kind != Schema.Kind.REF && kind != Schema.Kind.REFS) {
            error(c.path(), c.op().symbol() + " compares strings, but " + c.path() + " is "
                    + article(kind.name().toLowerCase(java.util.Locale.ROOT)));
        }
    }

    /** A constant compared with a property of a known type must be of a comparable type (section 9.2). */
    private void compatible(ObjectPath path, Schema.Kind kind, Literal v, String op) {
        if (kind == null) {
            return;
        }
        boolean ok = switch (kind) {
            case STRING, STRINGS, REF, REFS -> v instanceof Literal.Text || v instanceof Literal.Binary || v instanceof Literal.Hex;
            case BINARY, HEX -> v instanceof Literal.Text || v instanceof Literal.Binary || v instanceof Literal.Hex;
            case INTEGER, FLOAT -> v instanceof Literal.Int || v instanceof Literal.Real;
            case BOOLEAN -> v instanceof Literal.Bool;
            case TIMESTAMP -> v instanceof Literal.Time;
            case DICT, OBJECTS -> false;
        };
        if (!ok) {
            String what = switch (kind) {
                case DICT -> "a dictionary; compare one of its keys";
                case OBJECTS -> "a list of objects; compare a property of its elements";
                case STRINGS -> "a list of strings";
                case REF -> "a reference (identifier string)";
                case REFS -> "a list of references";
                default -> article(kind.name().toLowerCase(java.util.Locale.ROOT));
            };
            error(v, path + " is " + what + ", so it cannot be compared (" + op + ") with "
                    + article(v.typeName()) + " constant");
        }
    }

    /**
     * Checks the object path: the type's syntax, unknown types and properties
     * (warnings; custom ones are fine). Returns the kind of the compared value
     * when the schema knows it, else null.
     */
    private Schema.Kind path(ObjectPath p) {
        String type = p.objectType();
        String bad = Schema.typeNameProblem(type);
        if (bad != null) {
            error(p, bad);
            return null;
        }
        if (!Schema.isKnownType(type)) {
            if (!Schema.isCustomType(type)) {
                warning(p, "unknown object type '" + type + "' (not a STIX 2.1 cyber-observable type; custom types should start with 'x-')");
            }
            return null;
        }
        String prop = p.property();
        Schema.Kind kind = Schema.property(type, prop);
        if (kind == null) {
            if (!prop.startsWith("x_")) {
                warning(p, "unknown property '" + prop + "' of " + type + " (custom properties should start with 'x_')");
            }
            return null;
        }
        List<ObjectPath.Step> steps = p.steps();
        if (steps.size() == 1) {
            return kind;
        }
        ObjectPath.Step second = steps.get(1);
        boolean indexed = second instanceof ObjectPath.Step.Index || second instanceof ObjectPath.Step.AnyIndex;
        boolean listy = kind == Schema.Kind.STRINGS || kind == Schema.Kind.REFS || kind == Schema.Kind.OBJECTS;
        if (indexed && !listy) {
            error(p, type + ":" + prop + " is not a list, so it cannot be indexed");
            return null;
        }
        if (!indexed && listy) {
            error(p, type + ":" + prop + " is a list; index it with [n] or [*] before naming a property");
            return null;
        }
        if (!indexed && kind != Schema.Kind.DICT && kind != Schema.Kind.REF) {
            error(p, type + ":" + prop + " has no properties of its own");
            return null;
        }
        if (steps.size() == 2 && indexed) {
            return kind == Schema.Kind.STRINGS ? Schema.Kind.STRING : kind == Schema.Kind.REFS ? Schema.Kind.REF : Schema.Kind.OBJECTS;
        }
        return null;
    }

    static String nfc(String s) {
        return Normalizer.isNormalized(s, Normalizer.Form.NFC) ? s : Normalizer.normalize(s, Normalizer.Form.NFC);
    }

    /** SQL LIKE to a regular expression: % any run, _ any one character, the rest literal. */
    static String likeToRegex(String like) {
        StringBuilder sb = new StringBuilder(like.length() + 8);
        StringBuilder lit = new StringBuilder();
        for (int i = 0; i < like.length(); ) {
            int cp = like.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '%' || cp == '_') {
                if (!lit.isEmpty()) {
                    sb.append(com.google.re2j.Pattern.quote(lit.toString()));
                    lit.setLength(0);
                }
                sb.append(cp == '%' ? ".*" : ".");
            } else {
                lit.appendCodePoint(cp);
            }
        }
        if (!lit.isEmpty()) {
            sb.append(com.google.re2j.Pattern.quote(lit.toString()));
        }
        return sb.toString();
    }

    private static String article(String noun) {
        return ("aeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }
}
