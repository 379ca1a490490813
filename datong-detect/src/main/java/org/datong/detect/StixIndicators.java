package org.datong.detect;

import org.datong.pattern.Atom;
import org.datong.pattern.AtomKind;
import org.datong.pattern.Extraction;
import org.datong.pattern.Pattern;
import org.datong.pattern.PatternException;
import org.datong.pattern.Patterns;
import org.datong.pattern.Problem;
import org.datong.stix.StixReader;
import org.datong.stix.Timestamp;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonException;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonValue;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Indexes STIX 2.1 indicators (section 4.7): only active ones (not revoked,
 * {@code valid_from <= now < valid_until}) with {@code pattern_type} stix.
 * Patterns that reduce to atoms are indexed atom by atom; the others are kept
 * for evaluation by the pattern engine (see {@link PatternRules}), and the
 * operands of an OR at their top that are atoms are indexed as well, so a
 * value that alone satisfies the pattern hits directly and is retro-hunted. An
 * indicator with {@code x_datong_subdomains: true} matches its domains'
 * subdomains too.
 */
public final class StixIndicators {
    private StixIndicators() {
    }

    /**
     * What a STIX load did.
     *
     * @param indexed     active indicators indexed by their atoms
     * @param evaluated   active indicators whose patterns are evaluated per event
     * @param inactive    indicators skipped as revoked or outside their validity window
     * @param unsupported indicators skipped for a pattern type other than stix
     * @param rejected    indicators or inputs rejected, with the reason
     * @param neverMatch  loaded indicators whose pattern can never match (the pattern checker's warning), as
     *                    {@code id: reason}; common in real feeds ({@code [ipv4-addr:value = .. AND
     *                    network-traffic:dst_port = ..]}), so they are named rather than left to fail silently
     */
    public record Report(int indexed, int evaluated, int inactive, int unsupported, List<String> rejected,
                         List<String> neverMatch) {
        public Report {
            rejected = List.copyOf(rejected);
            neverMatch = List.copyOf(neverMatch);
        }
    }

    /** How the pattern checker's warning about an observation that cannot match begins. */
    private static final String NEVER_MATCHES = "this observation can never match";

    /** Loads the indicators among STIX objects (a bundle, one object, or an array) read from a stream. */
    public static Report load(IndicatorIndex.Builder into, InputStream in, String source, Instant now) {
        List<JsonObject> objects = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        BufferedInputStream buffered = new BufferedInputStream(in);
        if (startsWithArray(buffered)) {
            readArray(buffered, source, objects, rejected);
        } else {
            readStream(buffered, source, objects, rejected);
        }
        Report r = load(into, objects, now);
        List<String> all = new ArrayList<>(rejected);
        all.addAll(r.rejected());
        return new Report(r.indexed(), r.evaluated(), r.inactive(), r.unsupported(), all, r.neverMatch());
    }

    /** A JSON array of STIX objects (what many tools export): read whole, as the indicators are kept anyway. */
    private static void readArray(InputStream in, String source, List<JsonObject> indicators, List<String> rejected) {
        try {
            JsonValue v = Json.parse(in);
            int i = 0;
            for (JsonValue e : (JsonArray) v) {
                if (e instanceof JsonObject o) {
                    if ("indicator".equals(o.getString("type"))) {
                        indicators.add(o);
                    }
                } else {
                    rejected.add(source + ": $[" + i + "] is not a STIX object");
                }
                i++;
            }
        } catch (JsonException e) {
            rejected.add(source + ": " + e.getMessage());
        }
    }

    /** A bundle or one object, read object by object. */
    private static void readStream(InputStream in, String source, List<JsonObject> indicators, List<String> rejected) {
        try (StixReader r = StixReader.open(in)) {
            StixReader.Item item;
            while ((item = r.next()) != null) {
                switch (item) {
                    case StixReader.Element e -> {
                        JsonObject o = e.object();
                        if (o != null && "indicator".equals(o.getString("type"))) {
                            indicators.add(o);
                        }
                    }
                    case StixReader.Broken b -> rejected.add(source + ": " + b.error().getMessage());
                }
            }
        }
    }

    /** True when the first character that is not white space (or a byte-order mark) is '['; the stream is left where it was. */
    private static boolean startsWithArray(BufferedInputStream in) {
        try {
            in.mark(1 << 16);
            try {
                int c;
                for (int n = 0; n < (1 << 16) && (c = in.read()) >= 0; n++) {
                    if (c == '[') {
                        return true;
                    }
                    if (!Character.isWhitespace(c) && c != 0xEF && c != 0xBB && c != 0xBF) {
                        return false;
                    }
                }
                return false;
            } finally {
                in.reset();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads indicators from objects already read (other object types are ignored). */
    public static Report load(IndicatorIndex.Builder into, Iterable<JsonObject> objects, Instant now) {
        int indexed = 0;
        int evaluated = 0;
        int inactive = 0;
        int unsupported = 0;
        List<String> rejected = new ArrayList<>();
        List<String> neverMatch = new ArrayList<>();
        for (JsonObject o : objects) {
            if (!"indicator".equals(o.getString("type"))) {
                continue;
            }
            String id = o.getString("id");
            if (id == null || !id.startsWith("indicator--")) {
                rejected.add("an indicator without a valid id");
                continue;
            }
            if (!active(o, now)) {
                inactive++;
                continue;
            }
            String type = o.getString("pattern_type");
            if (type != null && !type.equals("stix")) {
                unsupported++;
                continue;
            }
            String text = o.getString("pattern");
            Pattern p;
            try {
                p = Patterns.parse(text);
            } catch (PatternException e) {
                rejected.add(id + ": pattern: " + e.getMessage());
                continue;
            }
            Timestamp until = Timestamp.parseOrNull(o.getString("valid_until"));
            int ref;
            try {
                ref = into.addIndicator(id, until == null ? null : until.instant());
            } catch (IllegalArgumentException e) {
                rejected.add(id + ": " + e.getMessage());
                continue;
            }
            boolean subdomains = o.getBoolean("x_datong_subdomains", false);
            Extraction x = Patterns.extract(p);
            boolean reduced = x instanceof Extraction.Reducible;
            if (x instanceof Extraction.Reducible red) {
                for (Atom a : red.atoms()) {
                    if (!addAtom(into, ref, a, subdomains)) {
                        reduced = false;
                    }
                }
            }
            if (reduced) {
                indexed++;
            } else {
                if (x instanceof Extraction.NotReducible) {
                    // the operands of a top-level OR that are atoms hit (and are retro-hunted) on their own
                    for (Atom a : Patterns.sufficientAtoms(p)) {
                        addAtom(into, ref, a, subdomains);
                    }
                }
                into.addPattern(ref, p, text);
                evaluated++;
                for (Problem problem : Patterns.check(text)) {
                    if (problem.message().startsWith(NEVER_MATCHES)) {
                        neverMatch.add(id + ": " + problem.message());
                        break;
                    }
                }
            }
        }
        return new Report(indexed, evaluated, inactive, unsupported, rejected, neverMatch);
    }

    /** True when the indicator is not revoked and now lies in [valid_from, valid_until). */
    public static boolean active(JsonObject o, Instant now) {
        if (o.getBoolean("revoked", false)) {
            return false;
        }
        Timestamp from = Timestamp.parseOrNull(o.getString("valid_from"));
        Timestamp until = Timestamp.parseOrNull(o.getString("valid_until"));
        if (from != null && from.instant().isAfter(now)) {
            return false;
        }
        return until == null || until.instant().isAfter(now);
    }

    /** Indexes one atom; false when its value does not fit its type (it is then left to the evaluator). */
    static boolean addAtom(IndicatorIndex.Builder into, int ref, Atom a, boolean subdomains) {
        String type = a.objectType();
        String path = a.propertyPath();
        String v = a.value();
        if (a.kind() == AtomKind.IN_CIDR || type.equals("ipv4-addr") && path.equals("value") || type.equals("ipv6-addr") && path.equals("value")) {
            if (Values.parseCidr(v) == null) {
                return false;
            }
            into.addRange(ref, v);
            return true;
        }
        Observable.Kind kind = null;
        if (path.equals("value")) {
            kind = switch (type) {
                case "domain-name" -> Observable.Kind.DOMAIN;
                case "url" -> Observable.Kind.URL;
                case "email-addr" -> Observable.Kind.EMAIL;
                default -> null;
            };
        } else if (path.startsWith("hashes.")) {
            String h = Values.hash(v);
            if (h != null) {
                into.add(ref, new Observable(Values.hashKind(h.length()), h, null));
                return true;
            }
        } else if (type.equals("email-message") && path.equals("from_ref.value")) {
            kind = Observable.Kind.EMAIL;
        }
        if (kind != null) {
            String c = Values.canonical(kind, v);
            if (c == null) {
                return false;
            }
            if (kind == Observable.Kind.DOMAIN && subdomains) {
                into.addSubdomains(ref, c);
            } else {
                into.add(ref, new Observable(kind, c, null));
            }
            return true;
        }
        into.add(ref, Observable.other(type + ":" + path, v));
        return true;
    }
}
