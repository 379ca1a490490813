package org.datong.detect;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which fields of structured events (JSON lines, Zeek) carry observables and
 * how to read them. {@link #defaults()} knows the Elastic Common Schema, Zeek,
 * Suricata and Sysmon names; a mapping file adds to or overrides them.
 *
 * <p>File syntax, one rule a line ({@code #} starts a comment):
 * {@code PATH = scan | time | stix:TYPE:PROPERTY | ignore}, where PATH is the
 * dotted field path ({@code source.ip} matches both {@code {"source":{"ip":..}}}
 * and {@code {"source.ip":..}}).
 */
public final class FieldMapping {
    /** How a mapped field is read. */
    enum Role { SCAN, TIME, STIX }

    record Rule(Role role, String property) {
    }

    private final Map<String, Rule> rules;
    private final IndicatorIndex.ByteTable table = new IndicatorIndex.ByteTable();
    private final Rule[] byOrdinal;

    private FieldMapping(Map<String, Rule> rules) {
        this.rules = Collections.unmodifiableMap(new LinkedHashMap<>(rules));
        List<Rule> ordered = new ArrayList<>();
        for (Map.Entry<String, Rule> e : this.rules.entrySet()) {
            byte[] path = e.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] key = new byte[path.length + 1];
            System.arraycopy(path, 0, key, 1, path.length);
            table.put(key, ordered.size());
            ordered.add(e.getValue());
        }
        table.trim();
        this.byOrdinal = ordered.toArray(Rule[]::new);
    }

    /** The built-in mapping for ECS, Zeek, Suricata and Sysmon field names. */
    public static FieldMapping defaults() {
        try (InputStream in = FieldMapping.class.getResourceAsStream("default-fields.txt")) {
            if (in == null) {
                throw new IllegalStateException("default-fields.txt is missing from the datong-detect jar");
            }
            return new FieldMapping(parseRules(new InputStreamReader(in, StandardCharsets.UTF_8), "default-fields.txt", new LinkedHashMap<>()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * This mapping with the rules of a mapping file added; a rule for a path
     * already mapped replaces it, {@code ignore} removes it.
     *
     * @throws IllegalArgumentException naming the source and line of a bad rule
     */
    public FieldMapping with(Reader rulesText, String sourceName) throws IOException {
        return new FieldMapping(parseRules(rulesText, sourceName, new LinkedHashMap<>(rules)));
    }

    private static Map<String, Rule> parseRules(Reader text, String source, Map<String, Rule> into) throws IOException {
        BufferedReader r = new BufferedReader(text);
        String line;
        int no = 0;
        while ((line = r.readLine()) != null) {
            no++;
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#")) {
                continue;
            }
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(source + ":" + no + ": expected 'PATH = scan|time|stix:TYPE:PROPERTY|ignore', got '" + s + "'");
            }
            String path = s.substring(0, eq).strip();
            String what = s.substring(eq + 1).strip();
            Rule rule;
            if (what.equals("scan")) {
                rule = new Rule(Role.SCAN, null);
            } else if (what.equals("time")) {
                rule = new Rule(Role.TIME, null);
            } else if (what.equals("ignore")) {
                into.remove(path);
                continue;
            } else if (what.startsWith("stix:") && what.indexOf(':', 5) > 5 && !what.endsWith(":")) {
                rule = new Rule(Role.STIX, what.substring(5));
            } else {
                throw new IllegalArgumentException(source + ":" + no + ": unknown role '" + what + "' for field '" + path
                        + "' (use scan, time, stix:TYPE:PROPERTY or ignore)");
            }
            into.put(path, rule);
        }
        return into;
    }

    /** The rule for a dotted path given as bytes, or null. */
    Rule rule(byte[] path, int from, int to) {
        int p = table.get((byte) 0, path, from, to);
        return p == IndicatorIndex.NONE ? null : byOrdinal[p];
    }

    Rule rule(String path) {
        return rules.get(path);
    }

    /** The mapped paths, in order. */
    public List<String> paths() {
        return List.copyOf(rules.keySet());
    }
}
