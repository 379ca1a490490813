package org.datong.pattern;

import org.datong.stix.Timestamp;
import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonNumber;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The observations in a set of STIX objects, prepared for evaluating patterns:
 * every {@code observed-data} with its time window, its count and the
 * cyber-observable objects it holds. Both forms are read: STIX 2.1
 * {@code object_refs} into SCOs elsewhere in the same bundle (only the listed
 * ones can be reached, section 9.7.4) and the older embedded {@code objects}
 * dictionary, whose references are its keys. Build once, evaluate many
 * patterns against it. Immutable.
 */
public final class Observations {
    final List<Obs> list;

    private Observations(List<Obs> list) {
        this.list = list;
    }

    /** Reads the observed-data objects among the given top-level objects (a bundle's {@code objects}). */
    public static Observations of(List<JsonObject> objects) {
        Map<String, JsonObject> byId = new HashMap<>();
        for (JsonObject o : objects) {
            String id = o.getString("id");
            if (id != null) {
                byId.putIfAbsent(id, o);
            }
        }
        List<Obs> out = new ArrayList<>();
        for (JsonObject o : objects) {
            if ("observed-data".equals(o.getString("type"))) {
                out.add(Obs.read(o, byId));
            }
        }
        return new Observations(List.copyOf(out));
    }

    /** How many observed-data objects there are. */
    public int size() {
        return list.size();
    }

    /** Resolves a reference found in an object of one observation. */
    interface Refs {
        JsonObject resolve(String ref);
    }

    /** One observed-data object. */
    static final class Obs implements Refs {
        final String id;
        final Instant first;
        final Instant last;
        final int count;
        final JsonObject[] roots;
        private final Set<String> allowed;
        private final Map<String, JsonObject> byId;
        private final JsonObject embedded;

        private Obs(String id, Instant first, Instant last, int count, JsonObject[] roots, Set<String> allowed,
                    Map<String, JsonObject> byId, JsonObject embedded) {
            this.id = id;
            this.first = first;
            this.last = last;
            this.count = count;
            this.roots = roots;
            this.allowed = allowed;
            this.byId = byId;
            this.embedded = embedded;
        }

        static Obs read(JsonObject o, Map<String, JsonObject> byId) {
            String id = o.getString("id");
            Timestamp first = Timestamp.parseOrNull(o.getString("first_observed"));
            Timestamp last = Timestamp.parseOrNull(o.getString("last_observed"));
            int count = 1;
            if (o.get("number_observed") instanceof JsonNumber n && n.fitsLong() && n.longValue() >= 1) {
                count = (int) Math.min(n.longValue(), Integer.MAX_VALUE);
            }
            JsonArray refs = o.getArray("object_refs");
            JsonObject embedded = o.getObject("objects");
            List<JsonObject> roots = new ArrayList<>();
            Set<String> allowed = null;
            if (refs != null) {
                allowed = new HashSet<>();
                for (JsonValue r : refs) {
                    String ref = r.asString();
                    if (ref != null && allowed.add(ref)) {
                        JsonObject sco = byId.get(ref);
                        if (sco != null) {
                            roots.add(sco);
                        }
                    }
                }
                embedded = null;
            } else if (embedded != null) {
                for (int i = 0; i < embedded.size(); i++) {
                    if (embedded.valueAt(i) instanceof JsonObject sco) {
                        roots.add(sco);
                    }
                }
            }
            return new Obs(id == null ? "(observed-data without id)" : id,
                    first == null ? null : first.instant(), last == null ? null : last.instant(), count,
                    roots.toArray(new JsonObject[0]), allowed, byId, embedded);
        }

        @Override
        public JsonObject resolve(String ref) {
            if (embedded != null) {
                return embedded.getObject(ref);
            }
            if (allowed != null && allowed.contains(ref)) {
                return byId.get(ref);
            }
            return null;
        }

        Instant first() {
            if (first == null) {
                throw new PatternException(Position.START, id + " has no valid first_observed, which this pattern's timing needs");
            }
            return first;
        }

        Instant last() {
            if (last == null) {
                throw new PatternException(Position.START, id + " has no valid last_observed, which this pattern's timing needs");
            }
            return last;
        }
    }
}
