package org.datong.detect.node;

import org.datong.cli.Main;
import org.datong.node.Node;
import org.datong.node.NodeConfig;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonObject;
import org.datong.store.MutableClock;
import org.datong.store.ObjectQuery;
import org.datong.store.StoredCollection;
import org.datong.store.StoredObject;
import org.datong.store.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retro-hunt record survives a restart: a node sees values in telemetry,
 * is stopped and started again, then receives indicators (TAXII POST, import
 * while stopped) and raises sightings for what it saw before, with the
 * recorded first and last time and count, and nothing for values seen before
 * the window.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RetroHuntTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TAXII = "application/taxii+json;version=2.1";
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final String SEEN_IP = "45.155.205.77";
    private static final String OLD_DOMAIN = "old.evil-c2.net";
    private static final String IP_INDICATOR = "indicator--00000000-0000-4000-8000-0000000000a1";
    private static final String DOMAIN_INDICATOR = "indicator--00000000-0000-4000-8000-0000000000a2";

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(T0);
    private NodeConfig config;
    private Node node;
    private String token;
    private TestDatabases.EmptySchema schema;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
        if (schema != null) {
            schema.close();
        }
    }

    private void configure(String db) throws Exception {
        Files.writeString(dir.resolve(DetectConfig.FILE_NAME), "retro.window = 2d\nwindow = 1h\nflush_every = 1h\n");
        config = NodeConfig.defaults(dir).withPort(0);
        if (db.equals("postgresql")) {
            schema = TestDatabases.emptyPostgresSchema();
            config = config.withDatabase(schema.url(), null, null);
        }
    }

    private void startNode() {
        node = Node.start(config, clock);
        if (node.store().collection("intel").isEmpty()) {
            node.accounts().addUser("sensor", "sensor-secret-1".toCharArray(), Set.of());
            node.store().createCollection(StoredCollection.of("intel", "Intel").withReaders(List.of("sensor"))
                    .withWriters(List.of("sensor")));
        }
        token = "Bearer " + node.accounts().createToken("sensor", "test");
    }

    private void restart() {
        node.close();
        node = null;
        startNode();
    }

    private HttpResponse<String> post(URI uri, String contentType, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).header("Authorization", token).header("Content-Type", contentType)
                .header("Accept", contentType.equals(TAXII) ? TAXII : "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void telemetry(String line) throws Exception {
        telemetry("json", line);
    }

    private void telemetry(String format, String lines) throws Exception {
        HttpResponse<String> r = post(node.uri().resolve("/api/v1/telemetry?format=" + format), "application/x-ndjson",
                lines + "\n");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private static String indicator(String id, String pattern) {
        return "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + id + "\","
                + "\"created\":\"2026-01-01T00:00:00.000Z\",\"modified\":\"2026-01-01T00:00:00.000Z\","
                + "\"valid_from\":\"2026-01-01T00:00:00.000Z\",\"pattern_type\":\"stix\",\"pattern\":\"" + pattern + "\"}";
    }

    private List<JsonObject> sightings() {
        return node.store().objects("intel", ObjectQuery.all().withTypes(Set.of("sighting"))).objects().stream()
                .map(StoredObject::parse).toList();
    }

    private List<JsonObject> awaitSightings() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (sightings().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(25);
        }
        return sightings();
    }

    private long stat(String name) {
        return Long.parseLong(node.detect().stats().get(name).toString());
    }

    /** Telemetry: the domain at T0, the address at T0+2d and T0+2d+1h; restart at T0+2d+3h (window 2d). */
    private void seeValuesThenRestart() throws Exception {
        startNode();
        telemetry("{\"dns\":{\"question\":{\"name\":\"" + OLD_DOMAIN + "\"}}}");
        clock.set(T0.plus(Duration.ofDays(2)));
        telemetry("{\"source\":{\"ip\":\"" + SEEN_IP + "\"}}");
        clock.set(T0.plus(Duration.ofDays(2)).plus(Duration.ofHours(1)));
        telemetry("{\"destination\":{\"ip\":\"" + SEEN_IP + "\"}}");
        clock.set(T0.plus(Duration.ofDays(2)).plus(Duration.ofHours(3)));
        node.close();
        node = null;
    }

    private void assertOneSightingOfTheAddress(List<JsonObject> found) {
        assertThat(found).singleElement().satisfies(s -> {
            assertThat(s.getString("sighting_of_ref")).isEqualTo(IP_INDICATOR);
            assertThat(Instant.parse(s.getString("first_seen"))).isEqualTo(T0.plus(Duration.ofDays(2)));
            assertThat(Instant.parse(s.getString("last_seen"))).isEqualTo(T0.plus(Duration.ofDays(2)).plus(Duration.ofHours(1)));
            assertThat(s.get("count").toString()).isEqualTo("2");
            assertThat(s.getStrings("where_sighted_refs")).containsExactly(node.identity().id());
        });
        assertThat(node.store().objects("intel", ObjectQuery.all().withTypes(Set.of("ipv4-addr"))).objects())
                .singleElement().satisfies(o -> assertThat(o.parse().getString("value")).isEqualTo(SEEN_IP));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aRestartedNodeRetroHuntsAnIndicatorPostedOverTaxiiInWhatItSawBefore(String db) throws Exception {
        configure(db);
        seeValuesThenRestart();
        startNode();
        // the domain was last seen 2 days 3 hours ago, outside the window: pruned at start-up
        assertThat(stat("seen_values")).isEqualTo(1);
        assertThat(node.detect().stats().get("active").toString()).isEqualTo("true");

        String envelope = "{\"objects\":[" + indicator(IP_INDICATOR, "[ipv4-addr:value = '" + SEEN_IP + "']") + ","
                + indicator(DOMAIN_INDICATOR, "[domain-name:value = '" + OLD_DOMAIN + "']") + "]}";
        HttpResponse<String> r = post(node.taxiiApiRoot().resolve("collections/intel/objects/"), TAXII, envelope);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);

        assertOneSightingOfTheAddress(awaitSightings());
        // the hunt is done once: a later rebuild does not raise the same past hits again
        assertThat(stat("retro_hunt_sightings")).isEqualTo(1);
    }

    @Test
    void indicatorsImportedWhileTheNodeWasStoppedAreHuntedAtStartUp() throws Exception {
        configure("sqlite");
        seeValuesThenRestart();
        Path bundle = dir.resolve("intel.json");
        Files.writeString(bundle, "{\"type\":\"bundle\",\"id\":\"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d\",\"objects\":["
                + indicator(IP_INDICATOR, "[ipv4-addr:value = '" + SEEN_IP + "']") + ","
                + indicator(DOMAIN_INDICATOR, "[domain-name:value = '" + OLD_DOMAIN + "']") + "]}");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[]{"import", bundle.toString(), "--collection", "intel", "--data", dir.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as(out + "" + err).isEqualTo(Main.OK);

        startNode();
        assertOneSightingOfTheAddress(awaitSightings());

        // the position is kept: another restart hunts nothing again
        restart();
        assertThat(stat("retro_hunt_sightings")).isZero();
        assertThat(sightings()).hasSize(1);
    }

    @Test
    void valuesSeenAfterTheLastWriteAreKeptByAShutdown() throws Exception {
        configure("sqlite");
        startNode();
        telemetry("{\"source\":{\"ip\":\"" + SEEN_IP + "\"}}");
        // flush_every is an hour: only the shutdown writes the batch
        assertThat(stat("seen_pending")).isEqualTo(1);
        assertThat(stat("seen_values")).isZero();
        restart();
        assertThat(stat("seen_values")).isEqualTo(1);
        assertThat(stat("seen_pending")).isZero();
    }

    @Test
    void aRetroHuntReportsWhenTheLogSawAValueNotWhenTheLogArrived() throws Exception {
        configure("sqlite");
        Instant now = T0.plus(Duration.ofDays(3));
        clock.set(now);
        startNode();
        // a day-old log sent now: the address at its own times (ECS @timestamp, then an RFC 5424 header)
        Instant first = now.minus(Duration.ofHours(26));
        Instant last = first.plus(Duration.ofMinutes(95)).plusMillis(250);
        telemetry("{\"source\":{\"ip\":\"" + SEEN_IP + "\"},\"@timestamp\":\"" + first + "\"}");
        telemetry("syslog", "<38>1 " + last + " bastion sshd 1 - - Failed password for root from " + SEEN_IP + " port 22");
        // seen three days ago, before the two-day window: not kept at all
        telemetry("{\"@timestamp\":\"" + T0 + "\",\"dns\":{\"question\":{\"name\":\"" + OLD_DOMAIN + "\"}}}");
        assertThat(stat("seen_outside_window")).isEqualTo(1);
        node.detect().writeSeen();
        assertThat(stat("seen_values")).isEqualTo(1);

        String envelope = "{\"objects\":[" + indicator(IP_INDICATOR, "[ipv4-addr:value = '" + SEEN_IP + "']") + ","
                + indicator(DOMAIN_INDICATOR, "[domain-name:value = '" + OLD_DOMAIN + "']") + "]}";
        HttpResponse<String> r = post(node.taxiiApiRoot().resolve("collections/intel/objects/"), TAXII, envelope);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);

        assertThat(awaitSightings()).singleElement().satisfies(s -> {
            assertThat(s.getString("sighting_of_ref")).isEqualTo(IP_INDICATOR);
            assertThat(Instant.parse(s.getString("first_seen"))).isEqualTo(first);
            assertThat(Instant.parse(s.getString("last_seen"))).isEqualTo(last);
            assertThat(s.get("count").toString()).isEqualTo("2");
        });
        assertThat(stat("retro_hunt_sightings")).isEqualTo(1);
    }

    @Test
    void aFailedWriteOfTheSeenRecordKeepsTheValuesHuntsThemFromMemoryAndWritesThemLater() throws Exception {
        configure("sqlite");
        startNode();
        telemetry("{\"source\":{\"ip\":\"" + SEEN_IP + "\"}}");
        SeenStoreTest.refuseInserts(node.database(), null);
        assertThat(node.detect().writeSeen()).as("values kept in memory").isEqualTo(1);
        assertThat(stat("seen_pending")).isEqualTo(1);
        assertThat(stat("seen_values")).isZero();
        assertThat(stat("seen_dropped")).isZero();

        // an indicator that arrives while the database refuses is hunted in the values kept in memory
        String envelope = "{\"objects\":[" + indicator(IP_INDICATOR, "[ipv4-addr:value = '" + SEEN_IP + "']") + "]}";
        HttpResponse<String> r = post(node.taxiiApiRoot().resolve("collections/intel/objects/"), TAXII, envelope);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(awaitSightings()).singleElement().satisfies(s -> {
            assertThat(s.getString("sighting_of_ref")).isEqualTo(IP_INDICATOR);
            assertThat(Instant.parse(s.getString("first_seen"))).isEqualTo(T0);
        });
        assertThat(stat("seen_pending")).isEqualTo(1);

        SeenStoreTest.acceptInserts(node.database());
        node.detect().flush();
        assertThat(stat("seen_values")).isEqualTo(1);
        assertThat(stat("seen_pending")).isZero();
        // written once, hunted once
        restart();
        assertThat(stat("seen_values")).isEqualTo(1);
        assertThat(sightings()).hasSize(1);
    }

    @Test
    void whileTheRecordCannotBeWrittenTheBatchInMemoryStaysBoundedAndWhatDoesNotFitIsCounted() throws Exception {
        configure("sqlite");
        Files.writeString(dir.resolve(DetectConfig.FILE_NAME), "retro.capacity = 2\nflush_every = 1h\n");
        startNode();
        telemetry("{\"source\":{\"ip\":\"45.155.205.1\"},\"destination\":{\"ip\":\"45.155.205.2\"}}");
        SeenStoreTest.refuseInserts(node.database(), null);
        assertThat(node.detect().writeSeen()).isEqualTo(2);
        telemetry("{\"source\":{\"ip\":\"45.155.205.3\"}}");
        assertThat(stat("seen_pending")).isEqualTo(2);
        assertThat(stat("seen_overflow")).isEqualTo(1);
        SeenStoreTest.acceptInserts(node.database());
        assertThat(node.detect().writeSeen()).isZero();
        assertThat(stat("seen_values")).isEqualTo(2);
    }
}
