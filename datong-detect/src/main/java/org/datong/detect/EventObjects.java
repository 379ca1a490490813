package org.datong.detect;

import org.datong.stix.ScoIds;
import org.datong.stix.Timestamp;
import org.datong.stix.json.Canonical;
import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonString;
import org.datong.stix.json.JsonValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One event as STIX, for the pattern engine: an observed-data that refers to
 * one SCO per value seen, with the mapped properties of one object type
 * (such as {@code network-traffic:dst_port}) gathered into one object.
 */
final class EventObjects {
    /** A fixed id: the observed-data only lives for one evaluation. */
    private static final String EVENT_ID = "observed-data--00000000-0000-4000-8000-000000000000";

    private EventObjects() {
    }

    static List<JsonObject> of(List<Observable> observables, Instant time) {
        Map<String, JsonObject> scos = new LinkedHashMap<>();
        Map<String, JsonObject.Builder> others = new LinkedHashMap<>();
        for (Observable o : observables) {
            if (o.kind() == Observable.Kind.OTHER) {
                int colon = o.property().indexOf(':');
                String type = o.property().substring(0, colon);
                String prop = o.property().substring(colon + 1);
                JsonObject.Builder b = others.computeIfAbsent(type, t -> JsonObject.builder().put("type", t).put("spec_version", "2.1"));
                b.put(prop, number(o.value()));
            } else {
                JsonObject sco = Sightings.sco(o);
                scos.putIfAbsent(sco.getString("id"), sco);
            }
        }
        for (JsonObject.Builder b : others.values()) {
            JsonObject sco = b.build();
            String type = sco.getString("type");
            String id = type + "--" + ScoIds.uuid5(ScoIds.NAMESPACE, Canonical.toString(sco));
            scos.putIfAbsent(id, sco.with("id", new JsonString(id)));
        }
        String t = Timestamp.of(time).text();
        List<JsonValue> refs = new ArrayList<>();
        for (String id : scos.keySet()) {
            refs.add(new JsonString(id));
        }
        JsonObject od = JsonObject.builder()
                .put("type", "observed-data").put("spec_version", "2.1").put("id", EVENT_ID)
                .put("created", t).put("modified", t)
                .put("first_observed", t).put("last_observed", t).put("number_observed", 1)
                .put("object_refs", JsonArray.of(refs))
                .build();
        List<JsonObject> out = new ArrayList<>(scos.size() + 1);
        out.add(od);
        out.addAll(scos.values());
        return out;
    }

    /** Whole numbers as JSON numbers (ports, sizes), anything else as a string. */
    private static JsonValue number(String v) {
        if (!v.isEmpty() && v.length() < 18 && v.chars().allMatch(Character::isDigit)) {
            return JsonValue.of(Long.parseLong(v));
        }
        return new JsonString(v);
    }
}
