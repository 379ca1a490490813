package org.datong.pattern;

import org.datong.stix.Timestamp;
import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonBoolean;
import org.datong.stix.json.JsonNumber;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonString;
import org.datong.stix.json.JsonValue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether observations match a pattern (STIX 2.1 sections 9.4 to 9.7).
 *
 * <p>Design. An observation expression {@code [...]} is tested on each
 * observed-data: it matches when one of its objects satisfies the whole
 * comparison expression, every path starting from that object (section 9.5).
 * Paths are walked without building lists; {@code [*]} and {@code _refs}
 * branch and stop at the first success.
 *
 * <p>Above the observation level a match is a <em>binding</em>: the multiset
 * of observed-data it uses. An observed-data with {@code number_observed = n}
 * may be used up to n times, which is how one summarised observation can
 * satisfy {@code REPEATS}. AND and FOLLOWEDBY combine bindings whose combined
 * use stays within those counts ("different observations"); FOLLOWEDBY also
 * needs the left side's latest {@code last_observed} to be no later than the
 * right side's earliest {@code first_observed}; WITHIN x keeps bindings whose
 * span (latest {@code last_observed} minus earliest {@code first_observed}) is
 * shorter than x; START/STOP keeps bindings lying wholly in [start, stop).
 * Bindings are deduplicated; a node producing more than
 * {@link #MAX_BINDINGS} is reported as an error rather than cut short, so a
 * result is never silently incomplete.
 *
 * <p>Types. A constant compared with a value of an incompatible type (a string
 * with a number, a timestamp with a string that is no timestamp, a string
 * with a property the specification types as timestamp) raises a
 * {@link PatternException} naming the comparison: the specification would
 * quietly answer false, which hides mistakes.
 */
final class Evaluator {
    /** Upper bound on candidate matches held for one node; beyond it evaluation stops with an error. */
    static final int MAX_BINDINGS = 100_000;

    private final Pattern pattern;
    private final Observations obs;
    /** Scratch result of one comparison; comparisons do not nest, so one per evaluation suffices. */
    private final Found found = new Found();

    private Evaluator(Pattern pattern, Observations obs) {
        this.pattern = pattern;
        this.obs = obs;
    }

    static MatchResult evaluate(Pattern pattern, Observations observations) {
        Evaluator ev = new Evaluator(pattern, observations);
        // The common case, one observation expression: no bindings needed.
        if (pattern.root() instanceof ObservationExpr.Observation o) {
            List<String> ids = new ArrayList<>();
            for (Observations.Obs ob : observations.list) {
                if (ev.matches(o.expr(), ob)) {
                    ids.add(ob.id);
                }
            }
            return new MatchResult(!ids.isEmpty(), ids);
        }
        List<Binding> found = ev.bindings(pattern.root());
        if (found.isEmpty()) {
            return new MatchResult(false, List.of());
        }
        BitSet used = new BitSet();
        for (Binding b : found) {
            for (int i : b.obs) {
                used.set(i);
            }
        }
        List<String> ids = new ArrayList<>();
        for (int i = used.nextSetBit(0); i >= 0; i = used.nextSetBit(i + 1)) {
            ids.add(observations.list.get(i).id);
        }
        return new MatchResult(true, ids);
    }

    /** True when the observed-data has one object satisfying the expression. */
    boolean matches(ComparisonExpr e, Observations.Obs ob) {
        for (JsonObject root : ob.roots) {
            if (test(e, root, ob)) {
                return true;
            }
        }
        return false;
    }

    // ---- one object ------------------------------------------------------------------------------

    private boolean test(ComparisonExpr e, JsonObject root, Observations.Refs refs) {
        return switch (e) {
            case ComparisonExpr.And a -> {
                if (!(a.left() instanceof ComparisonExpr.And)) {
                    yield test(a.left(), root, refs) && test(a.right(), root, refs);
                }
                for (ComparisonExpr x : Chains.operands(a)) {
                    if (!test(x, root, refs)) {
                        yield false;
                    }
                }
                yield true;
            }
            case ComparisonExpr.Or o -> {
                if (!(o.left() instanceof ComparisonExpr.Or)) {
                    yield test(o.left(), root, refs) || test(o.right(), root, refs);
                }
                for (ComparisonExpr x : Chains.operands(o)) {
                    if (test(x, root, refs)) {
                        yield true;
                    }
                }
                yield false;
            }
            case ComparisonExpr.Exists x -> typeMatches(x.path(), root) && walk(x.path(), 0, root, null, false, refs, e);
            case ComparisonExpr.Comparison c -> {
                if (!typeMatches(c.path(), root)) {
                    yield false;
                }
                Found f = found;
                walkCollect(c.path(), root, refs, e, f);
                yield f.any && (c.negated() != f.satisfied);
            }
            case ComparisonExpr.In in -> {
                if (!typeMatches(in.path(), root)) {
                    yield false;
                }
                Found f = found;
                walkCollect(in.path(), root, refs, e, f);
                yield f.any && (in.negated() != f.satisfied);
            }
        };
    }

    private static boolean typeMatches(ObjectPath p, JsonObject root) {
        return p.objectType().equals(root.getString("type"));
    }

    /** Whether any value was found at the path, and whether any satisfied the test. */
    private static final class Found {
        boolean any;
        boolean satisfied;
    }

    private void walkCollect(ObjectPath p, JsonObject root, Observations.Refs refs, ComparisonExpr test, Found f) {
        f.any = false;
        f.satisfied = false;
        collect(p.steps(), 0, root, null, false, refs, test, f);
    }

    /** EXISTS: is there a value at the path? */
    private boolean walk(ObjectPath p, int i, JsonValue v, Schema.Kind kind, boolean address, Observations.Refs refs,
                         ComparisonExpr node) {
        Found f = new Found();
        collect(p.steps(), i, v, kind, address, refs, node, f);
        return f.any;
    }

    /**
     * Walks the steps from value v; at the end tests the value. Stops as soon as
     * a value satisfies the test.
     */
    private void collect(List<ObjectPath.Step> steps, int i, JsonValue v, Schema.Kind kind, boolean address,
                         Observations.Refs refs, ComparisonExpr node, Found f) {
        if (i == steps.size()) {
            f.any = true;
            if (!(node instanceof ComparisonExpr.Exists) && compare(node, v, kind, address)) {
                f.satisfied = true;
            }
            return;
        }
        switch (steps.get(i)) {
            case ObjectPath.Step.Member m -> {
                JsonObject o = v instanceof JsonObject jo ? jo
                        : v instanceof JsonString s && (kind == Schema.Kind.REF) ? refs.resolve(s.value()) : null;
                if (o == null) {
                    return;
                }
                JsonValue x = o.get(m.name());
                if (x == null) {
                    return;
                }
                String type = o.getString("type");
                Schema.Kind k = type == null ? null : Schema.property(type, m.name());
                if (k == null) {
                    k = m.name().endsWith("_ref") ? Schema.Kind.REF : m.name().endsWith("_refs") ? Schema.Kind.REFS
                            : Schema.bySuffix(m.name());
                }
                boolean addr = m.name().equals("value") && ("ipv4-addr".equals(type) || "ipv6-addr".equals(type));
                collect(steps, i + 1, x, k, addr, refs, node, f);
            }
            case ObjectPath.Step.Index ix -> {
                if (v instanceof JsonArray a && ix.index() < a.size()) {
                    collect(steps, i + 1, a.get(ix.index()), element(kind), false, refs, node, f);
                }
            }
            case ObjectPath.Step.AnyIndex any -> {
                if (v instanceof JsonArray a) {
                    Schema.Kind ek = element(kind);
                    for (int j = 0; j < a.size() && !f.satisfied; j++) {
                        collect(steps, i + 1, a.get(j), ek, false, refs, node, f);
                    }
                }
            }
        }
    }

    private static Schema.Kind element(Schema.Kind list) {
        if (list == null) {
            return null;
        }
        return switch (list) {
            case REFS -> Schema.Kind.REF;
            case STRINGS -> Schema.Kind.STRING;
            default -> null;
        };
    }

    // ---- one value against the constant ---------------------------------------------------------

    private boolean compare(ComparisonExpr node, JsonValue v, Schema.Kind kind, boolean address) {
        if (node instanceof ComparisonExpr.In in) {
            for (Literal l : in.values()) {
                if (compare(in, in.path(), Operator.EQ, l, v, kind, address)) {
                    return true;
                }
            }
            return false;
        }
        ComparisonExpr.Comparison c = (ComparisonExpr.Comparison) node;
        return compare(c, c.path(), c.op(), c.value(), v, kind, address);
    }

    private boolean compare(ComparisonExpr node, ObjectPath path, Operator op, Literal lit, JsonValue v,
                            Schema.Kind kind, boolean address) {
        switch (lit) {
            case Literal.Text t -> {
                if (!(v instanceof JsonString s)) {
                    throw mismatch(node, path, v, kind, lit);
                }
                if (kind == Schema.Kind.TIMESTAMP) {
                    throw mismatch(node, path, v, kind, lit);
                }
                if (kind == Schema.Kind.BINARY || kind == Schema.Kind.HEX) {
                    byte[] have = decode(node, path, s.value(), kind);
                    if (op == Operator.MATCHES || op == Operator.LIKE) {
                        return regex(node, op, new String(have, StandardCharsets.ISO_8859_1));
                    }
                    byte[] want = latin1(t.value());
                    if (want == null) {
                        return op == Operator.NEQ;
                    }
                    return order(op, Arrays.compareUnsigned(have, want));
                }
                return switch (op) {
                    case EQ, NEQ -> {
                        boolean eq = address ? sameNetwork(s.value(), t.value()) : s.value().equals(t.value());
                        yield eq == (op == Operator.EQ);
                    }
                    case LT, LE, GT, GE -> order(op, compareCodePoints(s.value(), t.value()));
                    case LIKE, MATCHES -> regex(node, op, Checker.nfc(s.value()));
                    case ISSUBSET, ISSUPERSET -> {
                        Network have = Network.parse(s.value());
                        if (have == null) {
                            throw error(node, path + " is '" + s.value() + "', which is not an IP address or CIDR block, so "
                                    + op.symbol() + " cannot compare it");
                        }
                        Network want = (Network) pattern.prepared(node);
                        yield op == Operator.ISSUBSET ? have.isSubsetOf(want) : want.isSubsetOf(have);
                    }
                };
            }
            case Literal.Int i -> {
                if (!(v instanceof JsonNumber n)) {
                    throw mismatch(node, path, v, kind, lit);
                }
                int cmp = n.fitsLong() ? Long.compare(n.longValue(), i.value()) : n.bigDecimal().compareTo(BigDecimal.valueOf(i.value()));
                return order(op, cmp);
            }
            case Literal.Real r -> {
                if (!(v instanceof JsonNumber n)) {
                    throw mismatch(node, path, v, kind, lit);
                }
                return order(op, n.bigDecimal().compareTo(r.value()));
            }
            case Literal.Bool b -> {
                if (!(v instanceof JsonBoolean jb)) {
                    throw mismatch(node, path, v, kind, lit);
                }
                return (jb.value() == b.value()) == (op == Operator.EQ);
            }
            case Literal.Binary b -> {
                return bytes(node, path, op, lit, v, kind, b.bytes());
            }
            case Literal.Hex h -> {
                return bytes(node, path, op, lit, v, kind, h.bytes());
            }
            case Literal.Time t -> {
                Timestamp have = v instanceof JsonString s ? Timestamp.parseOrNull(s.value()) : null;
                if (have == null) {
                    throw mismatch(node, path, v, kind, lit);
                }
                return order(op, have.instant().compareTo(t.value().instant()));
            }
        }
    }

    private boolean bytes(ComparisonExpr node, ObjectPath path, Operator op, Literal lit, JsonValue v, Schema.Kind kind,
                          byte[] want) {
        if (!(v instanceof JsonString s) || kind == Schema.Kind.TIMESTAMP) {
            throw mismatch(node, path, v, kind, lit);
        }
        byte[] have;
        if (kind == Schema.Kind.BINARY || kind == Schema.Kind.HEX) {
            have = decode(node, path, s.value(), kind);
        } else {
            have = latin1(s.value());
            if (have == null) {
                return op == Operator.NEQ;
            }
        }
        return order(op, Arrays.compareUnsigned(have, want));
    }

    private static boolean order(Operator op, int cmp) {
        return switch (op) {
            case EQ -> cmp == 0;
            case NEQ -> cmp != 0;
            case LT -> cmp < 0;
            case LE -> cmp <= 0;
            case GT -> cmp > 0;
            case GE -> cmp >= 0;
            default -> throw new IllegalStateException(op + " is not an ordering");
        };
    }

    private boolean regex(ComparisonExpr node, Operator op, String value) {
        com.google.re2j.Pattern re = (com.google.re2j.Pattern) pattern.prepared(node);
        return op == Operator.LIKE ? re.matcher(value).matches() : re.matcher(value).find();
    }

    private static boolean sameNetwork(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        if (a.indexOf('/') < 0 && b.indexOf('/') < 0 && a.indexOf(':') < 0 && b.indexOf(':') < 0) {
            return false;   // two plain IPv4 addresses: equal exactly when their text is
        }
        Network x = Network.parse(a);
        return x != null && x.equals(Network.parse(b));
    }

    /** Code-point order, as section 9.6.2 requires (String.compareTo orders UTF-16 units). */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    /** A string as octets when every code point is below U+0100 (section 9.2), else null. */
    private static byte[] latin1(String s) {
        byte[] out = new byte[s.length()];
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0xff) {
                return null;
            }
            out[i] = (byte) c;
        }
        return out;
    }

    private byte[] decode(ComparisonExpr node, ObjectPath path, String text, Schema.Kind kind) {
        try {
            return kind == Schema.Kind.BINARY ? Base64.getMimeDecoder().decode(text) : HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            throw error(node, path + " should be " + (kind == Schema.Kind.BINARY ? "base64" : "hex")
                    + " but the observed value is not: " + e.getMessage());
        }
    }

    private PatternException mismatch(ComparisonExpr node, ObjectPath path, JsonValue v, Schema.Kind kind, Literal lit) {
        String have = kind == Schema.Kind.TIMESTAMP ? "a timestamp"
                : v instanceof JsonString s && lit instanceof Literal.Time ? "the string '" + abbreviate(s.value()) + "', not a timestamp"
                : v instanceof JsonString ? "a string"
                : v instanceof JsonNumber ? "a number"
                : v instanceof JsonBoolean ? "a boolean"
                : v instanceof JsonArray ? "a list (use [n] or [*])"
                : v instanceof JsonObject ? "an object or dictionary (name one of its properties)"
                : "null";
        return error(node, "type mismatch: " + path + " is " + have + " but is compared with "
                + ("aeiou".indexOf(lit.typeName().charAt(0)) >= 0 ? "an " : "a ") + lit.typeName() + " constant");
    }

    private PatternException error(ComparisonExpr node, String message) {
        return new PatternException(pattern.position(node), message);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    // ---- bindings across observations ------------------------------------------------------------

    /** A match: the observation indices it uses, sorted, repeated when one observed-data counts several times. */
    private final class Binding {
        final int[] obs;

        Binding(int[] obs) {
            this.obs = obs;
        }

        Instant first() {
            Instant t = null;
            for (int i : obs) {
                Instant f = Evaluator.this.obs.list.get(i).first();
                if (t == null || f.isBefore(t)) {
                    t = f;
                }
            }
            return t;
        }

        Instant last() {
            Instant t = null;
            for (int i : obs) {
                Instant l = Evaluator.this.obs.list.get(i).last();
                if (t == null || l.isAfter(t)) {
                    t = l;
                }
            }
            return t;
        }

        /** The union with another, or null when it would use an observed-data more often than it was observed. */
        Binding plus(Binding other) {
            int[] merged = new int[obs.length + other.obs.length];
            int a = 0;
            int b = 0;
            int k = 0;
            while (a < obs.length || b < other.obs.length) {
                merged[k++] = b >= other.obs.length || a < obs.length && obs[a] <= other.obs[b] ? obs[a++] : other.obs[b++];
            }
            for (int i = 0, run = 1; i < merged.length; i++, run++) {
                if (i > 0 && merged[i] != merged[i - 1]) {
                    run = 1;
                }
                if (run > Evaluator.this.obs.list.get(merged[i]).count) {
                    return null;
                }
            }
            return new Binding(merged);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Binding b && Arrays.equals(b.obs, obs);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(obs);
        }
    }

    private List<Binding> bindings(ObservationExpr e) {
        return switch (e) {
            case ObservationExpr.Observation o -> {
                List<Binding> out = new ArrayList<>();
                for (int i = 0; i < obs.list.size(); i++) {
                    if (matches(o.expr(), obs.list.get(i))) {
                        out.add(new Binding(new int[]{i}));
                    }
                }
                yield out;
            }
            case ObservationExpr.Or o -> {
                Set<Binding> out = new LinkedHashSet<>();
                for (ObservationExpr x : Chains.operands(e)) {
                    out.addAll(bindings(x));
                    if (out.size() > MAX_BINDINGS) {
                        throw tooMany(e);
                    }
                }
                yield new ArrayList<>(out);
            }
            case ObservationExpr.And a -> fold(e, false);
            case ObservationExpr.FollowedBy f -> fold(e, true);
            case ObservationExpr.Within w -> {
                Duration limit = Duration.ofNanos(w.seconds().movePointRight(9).min(BigDecimal.valueOf(Long.MAX_VALUE)).longValue());
                List<Binding> out = new ArrayList<>();
                for (Binding b : bindings(w.inner())) {
                    if (Duration.between(b.first(), b.last()).compareTo(limit) < 0) {
                        out.add(b);
                    }
                }
                yield out;
            }
            case ObservationExpr.StartStop s -> {
                List<Binding> out = new ArrayList<>();
                for (Binding b : bindings(s.inner())) {
                    if (!b.first().isBefore(s.start().instant()) && b.last().isBefore(s.stop().instant())) {
                        out.add(b);
                    }
                }
                yield out;
            }
            case ObservationExpr.Repeats r -> repeats(r, bindings(r.inner()));
        };
    }

    /** A left-to-right chain of AND or FOLLOWEDBY, joined one operand at a time. */
    private List<Binding> fold(ObservationExpr chain, boolean ordered) {
        List<ObservationExpr> operands = Chains.operands(chain);
        List<Binding> acc = bindings(operands.get(0));
        for (int i = 1; i < operands.size() && !acc.isEmpty(); i++) {
            acc = join(chain, acc, bindings(operands.get(i)), ordered);
        }
        return acc;
    }

    private List<Binding> join(ObservationExpr node, List<Binding> left, List<Binding> right, boolean ordered) {
        Set<Binding> out = new LinkedHashSet<>();
        for (Binding l : left) {
            Instant lastLeft = ordered ? l.last() : null;
            for (Binding r : right) {
                if (ordered && r.first().isBefore(lastLeft)) {
                    continue;
                }
                Binding u = l.plus(r);
                if (u != null) {
                    out.add(u);
                    if (out.size() > MAX_BINDINGS) {
                        throw tooMany(node);
                    }
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** Combinations (with repetition, in index order) of n inner bindings that fit the observation counts. */
    private List<Binding> repeats(ObservationExpr.Repeats node, List<Binding> inner) {
        Set<Binding> out = new LinkedHashSet<>();
        if (node.times() > 0 && !inner.isEmpty()) {
            choose(node, inner, 0, node.times(), null, out);
        }
        return new ArrayList<>(out);
    }

    private void choose(ObservationExpr node, List<Binding> inner, int from, long left, Binding acc, Set<Binding> out) {
        if (left == 0) {
            out.add(acc);
            if (out.size() > MAX_BINDINGS) {
                throw tooMany(node);
            }
            return;
        }
        for (int i = from; i < inner.size(); i++) {
            Binding next = acc == null ? inner.get(i) : acc.plus(inner.get(i));
            if (next != null) {
                choose(node, inner, i, left - 1, next, out);
            }
        }
    }

    private PatternException tooMany(ObservationExpr node) {
        return new PatternException(pattern.position(node), "more than " + MAX_BINDINGS
                + " combinations of observations would have to be considered; narrow the pattern or the observations");
    }
}
