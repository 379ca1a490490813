package org.datong.policy;

import org.datong.stix.SharedData;
import org.datong.stix.StixObject;
import org.datong.stix.json.Canonical;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MarkingsTest {
    private static Map<String, JsonObject> byId(String referenceFile) throws Exception {
        JsonObject bundle = Json.parseObject(Files.readAllBytes(SharedData.reference(referenceFile)));
        Map<String, JsonObject> out = new HashMap<>();
        for (JsonValue v : bundle.getArray("objects")) {
            out.put(v.asObject().getString("id"), v.asObject());
        }
        return out;
    }

    @Test
    void publishedTlpIdsAreTheOasisOnes() throws Exception {
        Map<String, JsonObject> tlp1 = byId("tlp1.0-marking-definitions.bundle.json");
        Map<String, JsonObject> tlp2 = byId("tlp2.0-marking-definitions.bundle.json");
        for (Tlp t : Tlp.values()) {
            JsonObject def2 = tlp2.get(t.tlp2Id());
            assertThat(def2).as(t.label()).isNotNull();
            assertThat(def2.getString("name")).isEqualTo(t.label());
            if (t.tlp1Id() != null) {
                assertThat(tlp1.get(t.tlp1Id()).getObject("definition").getString("tlp"))
                        .isEqualTo(t == Tlp.CLEAR ? "white" : t.word());
            }
        }
        assertThat(tlp2).containsKey(Tlp.TLP2_EXTENSION_ID);
    }

    @Test
    void builtTlpDefinitionsEqualThePublishedObjects() throws Exception {
        Map<String, JsonObject> published = new HashMap<>(byId("tlp1.0-marking-definitions.bundle.json"));
        published.putAll(byId("tlp2.0-marking-definitions.bundle.json"));
        List<JsonObject> built = Markings.tlpDefinitions();
        assertThat(built).hasSize(9);
        for (JsonObject o : built) {
            assertThat(Canonical.same(o, published.get(o.getString("id")))).as(o.getString("name")).isTrue();
        }
    }

    @Test
    void everyPublishedTlpObjectIsInterpretedAsItsLevel() throws Exception {
        Map<String, JsonObject> all = new HashMap<>(byId("tlp1.0-marking-definitions.bundle.json"));
        all.putAll(byId("tlp2.0-marking-definitions.bundle.json"));
        for (JsonObject o : all.values()) {
            if (o.getString("type").equals("marking-definition")) {
                Marking m = Markings.interpret(o);
                assertThat(m).isInstanceOf(Marking.TlpMarking.class);
                assertThat(((Marking.TlpMarking) m).level().label())
                        .isEqualTo(o.getString("name").replace("WHITE", "CLEAR"));
            }
        }
    }

    @Test
    void datongBundleShipsGradeAndPapDefinitionsWithFixedIds() {
        Markings m = Markings.standard();
        for (String g : GradeScheme.DEFAULT.grades()) {
            assertThat(m.resolve(GradeScheme.markingId(g))).isEqualTo(new Marking.GradeMarking(GradeScheme.markingId(g), "datong", g));
        }
        for (Pap p : Pap.values()) {
            assertThat(m.resolve(p.markingId())).isEqualTo(new Marking.PapMarking(p.markingId(), p));
        }
        List<String> ids = Markings.datongBundle().getArray("objects").stream().map(v -> v.asObject().getString("id")).toList();
        assertThat(ids).contains(GradeScheme.EXTENSION_ID, Pap.EXTENSION_ID);
    }

    @Test
    void effectiveMarkingOfObjectAndPropertyTakesTheMostRestrictive() {
        JsonObject statement = Json.parseObject("""
                {"type": "marking-definition", "spec_version": "2.1", "id": "marking-definition--d3c8f2a1-1b2c-4d3e-8f4a-5b6c7d8e9f01",
                 "created": "2026-01-01T00:00:00.000Z", "definition_type": "statement", "definition": {"statement": "Copyright 2026 Acme"}}""");
        Markings m = Markings.standard().with(statement);
        StixObject o = StixObject.of(Json.parseObject("""
                {"type": "malware", "spec_version": "2.1", "id": "malware--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061",
                 "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z", "name": "x", "is_family": false,
                 "description": "d", "aliases": ["a", "b"],
                 "object_marking_refs": ["%s", "%s", "%s", "marking-definition--d3c8f2a1-1b2c-4d3e-8f4a-5b6c7d8e9f01"],
                 "granular_markings": [{"marking_ref": "%s", "selectors": ["description", "aliases.[1]"]},
                                       {"lang": "en", "selectors": ["name"]}]}
                """.formatted(Tlp.GREEN.tlp1Id(), GradeScheme.markingId("important"), Pap.AMBER.markingId(), Tlp.RED.tlp2Id())));
        EffectiveMarkings em = m.effective(o);
        assertThat(em.unknown()).isEmpty();
        assertThat(em.objectTlp()).isEqualTo(Tlp.GREEN);
        assertThat(em.propertyTlp("name")).isEqualTo(Tlp.GREEN);
        assertThat(em.propertyTlp("description")).isEqualTo(Tlp.RED);
        assertThat(em.propertyTlp("aliases")).isEqualTo(Tlp.RED);
        assertThat(em.grade(GradeScheme.DEFAULT)).isEqualTo("important");
        assertThat(em.pap()).isEqualTo(Pap.AMBER);
        assertThat(em.statements()).containsExactly("Copyright 2026 Acme");
    }

    @Test
    void unknownMarkingIdsAreReported() {
        StixObject o = StixObject.of(Json.parseObject("""
                {"type": "malware", "spec_version": "2.1", "id": "malware--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061",
                 "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z", "name": "x", "is_family": false,
                 "object_marking_refs": ["marking-definition--00000000-0000-4000-8000-0000000000ff"]}"""));
        assertThat(Markings.standard().effective(o).unknown()).containsExactly("marking-definition--00000000-0000-4000-8000-0000000000ff");
    }

    @Test
    void tlpWordsParseIncludingTlp1White() {
        assertThat(Tlp.parse("TLP:WHITE")).isEqualTo(Tlp.CLEAR);
        assertThat(Tlp.parse("amber+strict")).isEqualTo(Tlp.AMBER_STRICT);
        assertThat(Tlp.RED.above(Tlp.AMBER_STRICT)).isTrue();
        assertThat(Tlp.parseOrNull("purple")).isNull();
    }
}
