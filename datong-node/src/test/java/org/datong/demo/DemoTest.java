package org.datong.demo;

import org.datong.federation.FederationConfig;
import org.datong.stix.json.JsonObject;
import org.datong.store.ObjectQuery;
import org.datong.store.Page;
import org.datong.store.StoredCollection;
import org.datong.store.StoredObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo federation plays its scenario end to end with real nodes on loopback. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoTest {
    private static final String RED_INDICATOR = "indicator--6f1c2a7e-3b1d-4c55-9a0e-2d8e5b7c1a14";
    private static final String STRICT_INDICATOR = "indicator--6f1c2a7e-3b1d-4c55-9a0e-2d8e5b7c1a13";
    private static final String CORE_INFRASTRUCTURE = "infrastructure--6f1c2a7e-3b1d-4c55-9a0e-2d8e5b7c1a21";
    private static final String VICTIM = "identity--6f1c2a7e-3b1d-4c55-9a0e-2d8e5b7c1a20";
    private static final String REPORT = "report--6f1c2a7e-3b1d-4c55-9a0e-2d8e5b7c1a40";
    private static final String HASH_INDICATOR = "indicator--6f1c2a7e-3b1d-4c55-9a0e-2d8e5b7c1a10";
    private static final String TLP_GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";
    private static final String GRADE_GENERAL = "marking-definition--6970dbe4-095e-48a5-8ca4-9ca9cf3d8df6";

    @TempDir
    static Path root;
    private final StringWriter text = new StringWriter();
    private Demo demo;
    private Demo.Summary summary;

    @BeforeAll
    void play() {
        demo = new Demo(root, new PrintWriter(text, true), Clock.systemUTC());
        demo.start();
        summary = demo.play();
        demo.print(summary);
    }

    @AfterAll
    void stop() {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void scenarioSucceedsAndSaysSo() {
        assertThat(Demo.succeeded(summary)).as(text.toString()).isTrue();
        assertThat(text.toString()).contains("approved after review reached its partner: yes")
                .contains("revocation reached charlie: yes")
                .contains("charlie's sighting reached alpha, the producer: yes");
    }

    @Test
    void charliesNodeRaisesTheSightingFromItsTelemetryAndAlphaReceivesItUnderTheIndicatorsMarkings() {
        String charlie = demo.member("charlie").identity().id();
        var alpha = demo.member("alpha").node();
        List<JsonObject> atAlpha = alpha.store().objects(FederationConfig.DEFAULT_RECEIVED,
                ObjectQuery.all().withTypes(java.util.Set.of("sighting"))).objects().stream().map(StoredObject::parse).toList();
        assertThat(atAlpha).as(text.toString()).singleElement().satisfies(s -> {
            assertThat(s.getString("sighting_of_ref")).isEqualTo(HASH_INDICATOR);
            assertThat(s.getString("created_by_ref")).isEqualTo(charlie);
            assertThat(s.getStrings("where_sighted_refs")).containsExactly(charlie);
            // both lines of the log that carry the hash (in upper and lower case), with the log's own times
            assertThat(s.get("count").toString()).isEqualTo("2");
            assertThat(Instant.parse(s.getString("first_seen"))).isEqualTo(Instant.parse("2026-11-22T08:04:05.377Z"));
            assertThat(Instant.parse(s.getString("last_seen"))).isEqualTo(Instant.parse("2026-11-22T09:17:51.660Z"));
            // marked by charlie's node like the indicator it reveals, not by the demo
            assertThat(s.getStrings("object_marking_refs")).containsExactlyInAnyOrder(TLP_GREEN, GRADE_GENERAL);
            assertThat(((JsonObject) s.get("x_datong_match")).getString("input")).startsWith("http:");
        });
        JsonObject stats = demo.member("charlie").node().detect().stats();
        assertThat(stats.get("events").toString()).isEqualTo("6");
        assertThat(stats.get("hits").toString()).isEqualTo("2");
        assertThat(stats.get("sightings_stored").toString()).isEqualTo("1");
        assertThat(text.toString()).contains("charlie  sighted").contains("indicator 'LanternLoader invoice document'")
                .contains("marked TLP:GREEN, grade general");
    }

    @Test
    void everyLedgerVerifies() {
        assertThat(summary.ledgers()).hasSize(3).allSatisfy((node, v) -> assertThat(v.ok()).as(node).isTrue());
    }

    @Test
    void tlpRedAndAmberStrictNeverLeaveAlpha() {
        for (String node : List.of("bravo", "charlie")) {
            assertThat(ids(node)).as(node).doesNotContain(RED_INDICATOR, STRICT_INDICATOR);
        }
        assertThat(text.toString()).contains("TLP:RED").contains("TLP:AMBER+STRICT");
    }

    @Test
    void coreGradedInfrastructureStaysInItsCountry() {
        assertThat(ids("bravo")).doesNotContain(CORE_INFRASTRUCTURE);
        assertThat(ids("charlie")).doesNotContain(CORE_INFRASTRUCTURE);
    }

    @Test
    void victimReachesBravoWithoutContactDetails() {
        List<JsonObject> victims = objects("bravo").stream()
                .filter(o -> o.getString("id").equals(VICTIM) || "identity".equals(o.getString("type"))
                        && "individual".equals(o.getString("identity_class")))
                .toList();
        assertThat(victims).isNotEmpty();
        for (JsonObject v : victims) {
            assertThat(v.toString()).doesNotContain("li.wei@").doesNotContain("5555 0187");
        }
        assertThat(ids("charlie")).doesNotContain(VICTIM);
    }

    @Test
    void greenReportIsRelayedToCharlie() {
        assertThat(ids("charlie")).contains(REPORT);
    }

    private List<String> ids(String node) {
        return objects(node).stream().map(o -> o.getString("id")).toList();
    }

    private List<JsonObject> objects(String node) {
        var store = demo.member(node).node().store();
        List<JsonObject> out = new ArrayList<>();
        for (StoredCollection c : store.collections()) {
            if (c.id().equals(FederationConfig.DEFAULT_INBOX)) {
                continue;
            }
            String next = null;
            do {
                Page p = store.objects(c.id(), ObjectQuery.all().withVersions(ObjectQuery.Versions.ALL).withNext(next));
                for (StoredObject o : p.objects()) {
                    out.add(o.parse());
                }
                next = p.more() ? p.next() : null;
            } while (next != null);
        }
        return out;
    }
}
