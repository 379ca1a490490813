package org.datong.policy;

import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonValue;

import java.util.ArrayList;
import java.util.List;

/** Edits of STIX objects that keep them valid: removing a property also removes granular markings that select it. */
final class Props {
    private Props() {
    }

    /** The object without a top-level property and without the granular-marking selectors that point into it. */
    static JsonObject without(JsonObject o, String property) {
        JsonObject out = o.without(property);
        JsonArray gms = out.getArray("granular_markings");
        if (gms == null) {
            return out;
        }
        List<JsonValue> kept = new ArrayList<>();
        boolean changed = false;
        for (JsonValue v : gms) {
            if (!(v instanceof JsonObject gm)) {
                kept.add(v);
                continue;
            }
            List<String> selectors = gm.getStrings("selectors");
            List<String> keep = new ArrayList<>();
            for (String s : selectors) {
                if (!Markings.topProperty(s).equals(property)) {
                    keep.add(s);
                }
            }
            if (keep.size() == selectors.size()) {
                kept.add(gm);
            } else {
                changed = true;
                if (!keep.isEmpty()) {
                    kept.add(gm.with("selectors", JsonArray.ofStrings(keep)));
                }
            }
        }
        if (!changed) {
            return out;
        }
        return kept.isEmpty() ? out.without("granular_markings") : out.with("granular_markings", JsonArray.of(kept));
    }
}
