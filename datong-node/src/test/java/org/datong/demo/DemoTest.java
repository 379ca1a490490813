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
