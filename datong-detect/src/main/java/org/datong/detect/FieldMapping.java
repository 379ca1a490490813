package org.datong.detect;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
    /** The mapped paths as a tree of their dot-separated segments. */
    private final Node root;

    private FieldMapping(Map<String, Rule> rules) {
        this.rules = Collections.unmodifiableMap(new LinkedHashMap<>(rules));
        NodeBuilder top = new NodeBuilder();
        for (Map.Entry<String, Rule> e : this.rules.entrySet()) {
            byte[] path = e.getKey().getBytes(StandardCharsets.UTF_8);
            NodeBuilder n = top;
            int start = 0;
            for (int k = 0; k <= path.length; k++) {
                if (k == path.length || path[k] == '.') {
                    n = n.child(Arrays.copyOfRange(path, start, k));
                    start = k + 1;
                }
            }
            n.rule = e.getValue();
        }
        this.root = top.freeze();
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
        Node n = root.walk(path, from, to);
        return n == null ? null : n.rule;
    }

    /** The node of the empty path, under which readers walk the members of an event. */
    Node root() {
        return root;
    }

    /**
     * A path prefix of some mapped path: its rule (null when the prefix itself
     * is not mapped) and its children by segment. A reader of nested events
     * keeps the node of the member it is in and walks each member name from
     * there, so a name costs a hash of its own bytes rather than of the whole
     * dotted path, and a member under which nothing is mapped is skipped with
     * no lookups at all.
     */
    static final class Node {
        final Rule rule;
        private final byte[][] names;
        private final Node[] kids;
        private final int mask;

        private Node(Rule rule, byte[][] names, Node[] kids) {
            this.rule = rule;
            this.names = names;
            this.kids = kids;
            this.mask = names.length - 1;
        }

        /**
         * The node of a member name (which may itself be dotted, like
         * {@code "source.ip"}) below this one, or null when no mapped path
         * starts with it.
         */
        Node walk(byte[] b, int from, int to) {
            Node n = this;
            int start = from;
            for (int k = from; k < to; k++) {
                if (b[k] == '.') {
                    n = n.child(b, start, k);
                    if (n == null) {
                        return null;
                    }
                    start = k + 1;
                }
            }
            return n.child(b, start, to);
        }

        private Node child(byte[] b, int from, int to) {
            return child(b, from, to, hash(b, from, to));
        }

        /** The child named {@code b[from, to)} (one segment), whose {@link #hash} is {@code h}; null when none. */
        Node child(byte[] b, int from, int to, int h) {
            if (kids.length == 0) {
                return null;
            }
            int i = (h ^ (h >>> 7)) & mask;
            int len = to - from;
            while (true) {
                byte[] name = names[i];
                if (name == null) {
                    return null;
                }
                if (name.length == len && sameBytes(name, b, from)) {
                    return kids[i];
                }
                i = (i + 1) & mask;
            }
        }

        private static boolean sameBytes(byte[] name, byte[] b, int from) {
            for (int k = 0; k < name.length; k++) {
                if (name[k] != b[from + k]) {
                    return false;
                }
            }
            return true;
        }

        /** The hash of one segment: {@code h = 31 * h + byte} from 0, which a reader can compute while it scans. */
        static int hash(byte[] b, int from, int to) {
            int h = 0;
            for (int k = from; k < to; k++) {
                h = 31 * h + b[k];
            }
            return h;
        }
    }

    /** A {@link Node} under construction. */
    private static final class NodeBuilder {
        private final Map<String, NodeBuilder> kids = new LinkedHashMap<>();
        private final Map<String, byte[]> names = new LinkedHashMap<>();
        private Rule rule;

        NodeBuilder child(byte[] name) {
            String k = new String(name, StandardCharsets.ISO_8859_1);
            names.putIfAbsent(k, name);
            return kids.computeIfAbsent(k, x -> new NodeBuilder());
        }

        Node freeze() {
            if (kids.isEmpty()) {
                return new Node(rule, new byte[0][], new Node[0]);
            }
            int size = Integer.highestOneBit(kids.size() * 2 - 1) << 1; // at most half full
            byte[][] slotNames = new byte[size][];
            Node[] slotKids = new Node[size];
            for (Map.Entry<String, NodeBuilder> e : kids.entrySet()) {
                byte[] name = names.get(e.getKey());
                int h = Node.hash(name, 0, name.length);
                int i = (h ^ (h >>> 7)) & (size - 1);
                while (slotNames[i] != null) {
                    i = (i + 1) & (size - 1);
                }
                slotNames[i] = name;
                slotKids[i] = e.getValue().freeze();
            }
            return new Node(rule, slotNames, slotKids);
        }
    }

    Rule rule(String path) {
        return rules.get(path);
    }

    /** The mapped paths, in order. */
    public List<String> paths() {
        return List.copyOf(rules.keySet());
    }
}
