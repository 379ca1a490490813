package org.datong.detect;

import org.datong.stix.json.Json;
import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonValue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Known-benign values (reserved and private address ranges, documentation
 * domains, empty-file hashes, MISP warning lists, local files) that must not
 * raise sightings. A hit on a warned value is suppressed and counted per
 * list, never silently lost. Backed by an {@link IndicatorIndex} whose
 * sources are the lists, so the check costs one lookup and happens only for
 * values that already hit an indicator.
 */
public final class WarningLists {
    private final IndicatorIndex index;
    private final List<String> names;
    private final AtomicLongArray suppressed;
    private final Map<String, Integer> skipped;

    private WarningLists(IndicatorIndex index, List<String> names, Map<String, Integer> skipped) {
        this.index = index;
        this.names = List.copyOf(names);
        this.suppressed = new AtomicLongArray(names.size());
        this.skipped = Map.copyOf(skipped);
    }

    /** No warning lists at all. */
    public static WarningLists none() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The name of the list that warns about this value, counting the
     * suppression, or null when no list does.
     */
    public String suppress(Observable o) {
        int[] refs = index.lookup(o);
        if (refs.length == 0) {
            return null;
        }
        int ref = refs[0];
        suppressed.incrementAndGet(ref);
        return names.get(ref);
    }

    /** Suppressed hits so far, by list name (lists with none are left out). */
    public Map<String, Long> suppressedCounts() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            long n = suppressed.get(i);
            if (n > 0) {
                out.merge(names.get(i), n, Long::sum);
            }
        }
        return out;
    }

    /** Total suppressed hits. */
    public long suppressedTotal() {
        long t = 0;
        for (int i = 0; i < names.size(); i++) {
            t += suppressed.get(i);
        }
        return t;
    }

    /** Names of the loaded lists. */
    public List<String> names() {
        return names;
    }

    /** Number of distinct warned entries. */
    public int entries() {
        return index.entries();
    }

    /** Entries a loaded list held that this engine cannot apply exactly (MISP substring and regex lists), by list. */
    public Map<String, Integer> skipped() {
        return skipped;
    }

    /** Collects warning lists. */
    public static final class Builder {
        private final IndicatorIndex.Builder index = IndicatorIndex.builder();
        private final List<String> names = new ArrayList<>();
        private final Map<String, Integer> skipped = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Adds the lists shipped with Datong: reserved, private, loopback,
         * link-local, multicast and documentation ranges (RFC 6890 and
         * friends), reserved and example domains (RFC 2606, 6761, 6762) and
         * the hashes of the empty file.
         */
        public Builder addDefaults() {
            try (InputStream in = WarningLists.class.getResourceAsStream("default-warninglist.txt")) {
                if (in == null) {
                    throw new IllegalStateException("default-warninglist.txt is missing from the datong-detect jar");
                }
                return addPlain("datong-defaults", in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Adds a plain list: one value, CIDR range or {@code *.domain} per line,
         * {@code #} comments. Lines that are none of these are rejected.
         *
         * @throws IllegalArgumentException naming the list and line of the first bad entry
         */
        public Builder addPlain(String name, InputStream in) throws IOException {
            int ref = index.addList(name);
            names.add(name);
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                String s = line.strip();
                if (s.isEmpty() || s.startsWith("#")) {
                    continue;
                }
                if (!Indicators.addEntry(index, ref, s)) {
                    throw new IllegalArgumentException(name + ":" + no + ": not an IP, CIDR range, domain, URL, hash or email: '" + s + "'");
                }
            }
            return this;
        }

        /**
         * Adds a MISP warning list ({@code list.json}: {@code name}, {@code type},
         * {@code list}). Types {@code cidr}, {@code string} and {@code hostname}
         * (the name and its subdomains) are applied exactly; {@code substring}
         * and {@code regex} lists are skipped and reported by {@link #skipped()}.
         *
         * @throws IllegalArgumentException when the JSON is not a MISP warning list
         */
        public Builder addMisp(InputStream in, String source) {
            JsonValue v = Json.parse(in);
            if (!(v instanceof JsonObject o) || o.getString("name") == null || !(o.get("list") instanceof JsonArray list)) {
                throw new IllegalArgumentException(source + ": not a MISP warning list (needs 'name' and 'list')");
            }
            String name = "misp:" + o.getString("name");
            String type = o.getString("type") == null ? "string" : o.getString("type");
            if (type.equals("substring") || type.equals("regex")) {
                skipped.merge(name, list.size(), Integer::sum);
                return this;
            }
            int ref = index.addList(name);
            names.add(name);
            int bad = 0;
            for (JsonValue item : list) {
                if (!(item instanceof org.datong.stix.json.JsonString js)) {
                    bad++;
                    continue;
                }
                String s = js.value().strip();
                boolean ok;
                if (type.equals("hostname")) {
                    String d = Values.domain(s.startsWith(".") ? s.substring(1) : s);
                    ok = d != null;
                    if (ok) {
                        index.addSubdomains(ref, d);
                    }
                } else {
                    ok = Indicators.addEntry(index, ref, s);
                }
                if (!ok) {
                    bad++;
                }
            }
            if (bad > 0) {
                skipped.merge(name, bad, Integer::sum);
            }
            return this;
        }

        public WarningLists build() {
            return new WarningLists(index.build(), names, skipped);
        }
    }
}
