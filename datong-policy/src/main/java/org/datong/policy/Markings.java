package org.datong.policy;

import org.datong.stix.StixObject;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonValue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable registry of marking-definitions: resolves the ids objects
 * reference in {@code object_marking_refs} and {@code granular_markings} to
 * {@link Marking}s, and computes the {@link EffectiveMarkings} of an object.
 *
 * <p>The published TLP 1.0 and 2.0 ids and Datong's own grade and PAP
 * marking-definitions are always known ({@link #standard()}). Other
 * marking-definitions (statements, other schemes' grades) become known when
 * their objects are added with {@link #with(JsonObject)}.
 */
public final class Markings {
    private static final String BUNDLE_RESOURCE = "datong-markings.bundle.json";
    private static final JsonObject DATONG_BUNDLE = loadBundle();
    private static final Markings STANDARD = buildStandard();

    private final Map<String, Marking> byId;

    private Markings(Map<String, Marking> byId) {
        this.byId = byId;
    }

    /** The TLP 1.0 and 2.0 levels and Datong's grade and PAP markings. */
    public static Markings standard() {
        return STANDARD;
    }

    /**
     * Datong's bundle: its extension-definitions for classification grades and
     * PAP and the marking-definitions for each default grade and PAP level.
     */
    public static JsonObject datongBundle() {
        return DATONG_BUNDLE;
    }

    /**
     * The published TLP marking-definition objects (TLP 1.0 and TLP 2.0,
     * including the TLP 2.0 extension-definition's marking objects), built from
     * the fixed ids and names.
     */
    public static List<JsonObject> tlpDefinitions() {
        List<JsonObject> out = new ArrayList<>();
        for (Tlp t : Tlp.values()) {
            if (t.tlp1Id() != null) {
                String word = t == Tlp.CLEAR ? "white" : t.word();
                out.add(JsonObject.builder()
                        .put("type", "marking-definition").put("spec_version", "2.1")
                        .put("id", t.tlp1Id()).put("created", "2017-01-20T00:00:00.000Z")
                        .put("definition_type", "tlp").put("name", "TLP:" + word.toUpperCase(java.util.Locale.ROOT))
                        .put("definition", JsonObject.builder().put("tlp", word).build())
                        .build());
            }
        }
        for (Tlp t : Tlp.values()) {
            out.add(JsonObject.builder()
                    .put("type", "marking-definition").put("spec_version", "2.1")
                    .put("id", t.tlp2Id()).put("created", "2022-10-01T00:00:00.000Z")
                    .put("name", t.label())
                    .put("extensions", JsonObject.builder().put(Tlp.TLP2_EXTENSION_ID, JsonObject.builder()
                            .put("extension_type", "property-extension").put("tlp_2_0", t.word()).build()).build())
                    .build());
        }
        return out;
    }

    /** The marking for an id, or null when the id is not a known marking-definition. */
    public Marking resolve(String id) {
        return byId.get(id);
    }

    /** True when the id is a known marking-definition. */
    public boolean knows(String id) {
        return byId.containsKey(id);
    }

    /** The number of known marking-definitions. */
    public int size() {
        return byId.size();
    }

    /** A registry that also knows this marking-definition object (ignored when it is not one). */
    public Markings with(JsonObject definition) {
        Marking m = interpret(definition);
        if (m == null || m.equals(byId.get(m.id()))) {
            return this;
        }
        Map<String, Marking> copy = new HashMap<>(byId);
        copy.put(m.id(), m);
        return new Markings(copy);
    }

    /** A registry that also knows these marking-definition objects. */
    public Markings withAll(Collection<JsonObject> definitions) {
        Map<String, Marking> copy = new HashMap<>(byId);
        for (JsonObject d : definitions) {
            Marking m = interpret(d);
            if (m != null) {
                copy.put(m.id(), m);
            }
        }
        return new Markings(copy);
    }

    /**
     * What a marking-definition object means, or null when the object is not a
     * marking-definition. Published TLP ids always mean their level.
     */
    public static Marking interpret(JsonObject def) {
        if (!"marking-definition".equals(def.getString("type"))) {
            return null;
        }
        String id = def.getString("id");
        if (id == null) {
            return null;
        }
        Tlp published = Tlp.ofMarkingId(id);
        if (published != null) {
            return new Marking.TlpMarking(id, published);
        }
        JsonObject ext = def.getObject("extensions");
        if (ext != null) {
            JsonObject grade = ext.getObject(GradeScheme.EXTENSION_ID);
            if (grade != null && grade.getString("grade") != null) {
                String scheme = grade.getString("scheme");
                return new Marking.GradeMarking(id, scheme == null ? GradeScheme.DEFAULT_NAME : scheme,
                        grade.getString("grade").toLowerCase(java.util.Locale.ROOT));
            }
            JsonObject pap = ext.getObject(Pap.EXTENSION_ID);
            if (pap != null && Pap.parseOrNull(pap.getString("pap")) != null) {
                return new Marking.PapMarking(id, Pap.parseOrNull(pap.getString("pap")));
            }
            JsonObject tlp2 = ext.getObject(Tlp.TLP2_EXTENSION_ID);
            if (tlp2 != null && Tlp.parseOrNull(tlp2.getString("tlp_2_0")) != null) {
                return new Marking.TlpMarking(id, Tlp.parseOrNull(tlp2.getString("tlp_2_0")));
            }
        }
        JsonObject definition = def.getObject("definition");
        String type = def.getString("definition_type");
        if (definition != null && "statement".equals(type) && definition.getString("statement") != null) {
            return new Marking.Statement(id, definition.getString("statement"));
        }
        if (definition != null && "tlp".equals(type) && Tlp.parseOrNull(definition.getString("tlp")) != null) {
            return new Marking.TlpMarking(id, Tlp.parseOrNull(definition.getString("tlp")));
        }
        return new Marking.Other(id, def.getString("name"));
    }

    /**
     * The effective markings of an object: the object-level markings, the
     * granular markings per top-level property, and the referenced ids that
     * are not known marking-definitions.
     */
    public EffectiveMarkings effective(StixObject object) {
        List<Marking> objectLevel = new ArrayList<>(2);
        List<String> unknown = List.of();
        for (String ref : object.objectMarkingRefs()) {
            Marking m = byId.get(ref);
            if (m == null) {
                unknown = add(unknown, ref);
            } else {
                objectLevel.add(m);
            }
        }
        Map<String, List<Marking>> granular = Map.of();
        JsonArray gms = object.granularMarkings();
        for (JsonValue v : gms) {
            if (!(v instanceof JsonObject gm)) {
                continue;
            }
            String ref = gm.getString("marking_ref");
            if (ref == null) {
                continue; // a language marking: not a handling restriction
            }
            Marking m = byId.get(ref);
            if (m == null) {
                unknown = add(unknown, ref);
                continue;
            }
            for (String selector : gm.getStrings("selectors")) {
                if (granular.isEmpty()) {
                    granular = new LinkedHashMap<>();
                }
                granular.computeIfAbsent(topProperty(selector), k -> new ArrayList<>(2)).add(m);
            }
        }
        return new EffectiveMarkings(List.copyOf(objectLevel), granular, unknown);
    }

    /** The top-level property a granular-marking selector points into: {@code a.[0].b} gives {@code a}. */
    static String topProperty(String selector) {
        int dot = selector.indexOf('.');
        return dot < 0 ? selector : selector.substring(0, dot);
    }

    private static List<String> add(List<String> list, String s) {
        List<String> out = new ArrayList<>(list);
        if (!out.contains(s)) {
            out.add(s);
        }
        return out;
    }

    private static Markings buildStandard() {
        Map<String, Marking> m = new HashMap<>();
        for (Tlp t : Tlp.values()) {
            if (t.tlp1Id() != null) {
                m.put(t.tlp1Id(), new Marking.TlpMarking(t.tlp1Id(), t));
            }
            m.put(t.tlp2Id(), new Marking.TlpMarking(t.tlp2Id(), t));
        }
        for (JsonValue v : DATONG_BUNDLE.getArray("objects")) {
            Marking mk = interpret(v.asObject());
            if (mk != null) {
                m.put(mk.id(), mk);
            }
        }
        return new Markings(m);
    }

    private static JsonObject loadBundle() {
        try (InputStream in = Markings.class.getResourceAsStream(BUNDLE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + BUNDLE_RESOURCE);
            }
            return Json.parseObject(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
