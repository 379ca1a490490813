package org.datong.detect.node;

import org.datong.node.Node;
import org.datong.node.NodeConfig;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonObject;
import org.datong.store.ObjectQuery;
import org.datong.store.StoredCollection;
import org.datong.store.StoredObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Detection inside a real node: HTTP telemetry, syslog over UDP and TCP, sightings stored, retro-hunt on new indicators. */
class DetectServiceTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    Node node;
    String token;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(dir.resolve(DetectConfig.FILE_NAME), "syslog.port = 0\nwindow = 1h\n");
        node = Node.start(NodeConfig.defaults(dir).withPort(0), Clock.systemUTC());
        node.accounts().addUser("sensor", "sensor-secret-1".toCharArray(), Set.of());
        token = "Bearer " + node.accounts().createToken("sensor", "test");
        node.store().createCollection(StoredCollection.of("intel", "Intel").withReaders(List.of("sensor")).withWriters(List.of("sensor")));
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private static JsonObject indicator(String n, String pattern) {
        return Json.parseObject("{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--00000000-0000-4000-8000-0000000000" + n + "\","
                + "\"created\":\"2026-01-01T00:00:00.000Z\",\"modified\":\"2026-01-01T00:00:00.000Z\",\"valid_from\":\"2026-01-01T00:00:00.000Z\","
                + "\"pattern_type\":\"stix\",\"pattern\":\"" + pattern + "\"}");
    }

    private HttpResponse<String> post(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(node.uri().resolve("/api/v1/telemetry")).header("Authorization", token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<JsonObject> stored(String type) {
        return node.store().objects("intel", ObjectQuery.all().withTypes(Set.of(type))).objects().stream().map(StoredObject::parse).toList();
    }

    private void awaitIndexEntries(long n) throws InterruptedException {
        for (int i = 0; i < 200 && Long.parseLong(node.detect().stats().get("index_entries").toString()) < n; i++) {
            Thread.sleep(25);
        }
    }

    @Test
    void telemetryOverHttpRaisesASightingStoredBesideTheIndicator() throws Exception {
        node.store().add("intel", List.of(indicator("01", "[ipv4-addr:value = '45.155.205.7']")));
        awaitIndexEntries(1);
        HttpResponse<String> r = post("{\"source\":{\"ip\":\"45.155.205.7\"}}\n{\"source\":{\"ip\":\"45.155.205.8\"}}\nnot json\n");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject body = Json.parseObject(r.body());
        assertThat(body.get("events").toString()).isEqualTo("3");
        assertThat(body.get("hits").toString()).isEqualTo("1");
        assertThat(body.getArray("problems").toString()).contains("http:").contains(":3:");
        node.detect().flushAll();
        List<JsonObject> sightings = stored("sighting");
        assertThat(sightings).singleElement().satisfies(s -> {
            assertThat(s.getString("sighting_of_ref")).isEqualTo("indicator--00000000-0000-4000-8000-000000000001");
            assertThat(s.getStrings("where_sighted_refs")).containsExactly(node.identity().id());
        });
        assertThat(stored("ipv4-addr")).singleElement().satisfies(o -> assertThat(o.getString("value")).isEqualTo("45.155.205.7"));
    }

    @Test
    void aSightingIsMarkedLikeTheIndicatorItReveals() throws Exception {
        String amber = "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82";
        node.store().add("intel", List.of(indicator("04", "[ipv4-addr:value = '45.155.205.11']")
                .with("object_marking_refs", org.datong.stix.json.JsonArray.of(List.of(new org.datong.stix.json.JsonString(amber))))));
        awaitIndexEntries(1);
        assertThat(post("{\"source\":{\"ip\":\"45.155.205.11\"}}\n").statusCode()).isEqualTo(200);
        node.detect().flushAll();
        for (String type : List.of("sighting", "observed-data", "ipv4-addr")) {
            assertThat(stored(type)).as(type).singleElement()
                    .satisfies(o -> assertThat(o.getStrings("object_marking_refs")).containsExactly(amber));
        }
    }

    @Test
    void anIndicatorThatBecomesValidLaterStartsMatchingThenWithoutOtherIndicatorsArriving() throws Exception {
        java.time.Instant from = java.time.Instant.now().plusSeconds(2);
        node.store().add("intel", List.of(indicator("05", "[ipv4-addr:value = '45.155.205.12']")
                .with("valid_from", new org.datong.stix.json.JsonString(org.datong.stix.Timestamp.of(from).text()))));
        Thread.sleep(500);
        assertThat(node.detect().stats().get("index_entries").toString()).isEqualTo("0");
        awaitIndexEntries(1);
        assertThat(node.detect().stats().get("index_entries").toString()).isEqualTo("1");
        assertThat(Json.parseObject(post("{\"source\":{\"ip\":\"45.155.205.12\"}}\n").body()).get("hits").toString()).isEqualTo("1");
    }

    @Test
    void eachStoredSightingIsPostedToTheWebhook() throws Exception {
        java.util.concurrent.BlockingQueue<String> received = new java.util.concurrent.LinkedBlockingQueue<>();
        com.sun.net.httpserver.HttpServer hook = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hook.createContext("/hook", ex -> {
            received.add(ex.getRequestHeaders().getFirst("Content-Type") + " " + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        hook.start();
        try {
            node.close();
            Files.writeString(dir.resolve(DetectConfig.FILE_NAME), "webhook = http://127.0.0.1:" + hook.getAddress().getPort() + "/hook\n");
            node = Node.start(NodeConfig.defaults(dir).withPort(0), Clock.systemUTC());
            token = "Bearer " + node.accounts().createToken("sensor", "test");
            node.store().add("intel", List.of(indicator("06", "[ipv4-addr:value = '45.155.205.13']")));
            assertThat(post("{\"source\":{\"ip\":\"45.155.205.13\"}}\n").statusCode()).isEqualTo(200);
            node.detect().flushAll();
            String posted = received.poll(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(posted).isNotNull().startsWith("application/json ");
            JsonObject line = Json.parseObject(posted.substring("application/json ".length()));
            assertThat(line.getString("sighting_of_ref")).isEqualTo("indicator--00000000-0000-4000-8000-000000000006");
            assertThat(line.getString("id")).isEqualTo(stored("sighting").getFirst().getString("id"));
            assertThat(posted).contains("\"value\":\"45.155.205.13\"");
        } finally {
            hook.stop(0);
        }
    }

    @Test
    void syslogOverTcpWithOctetCountingIsOneEventPerFrame() throws Exception {
        node.store().add("intel", List.of(indicator("07", "[ipv4-addr:value = '45.155.205.14']")));
        awaitIndexEntries(1);
        // recent times, so the sighting window stays open until flushAll
        java.time.Instant t1 = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minusSeconds(5);
        java.time.Instant t2 = t1.plusSeconds(5);
        String a = "<38>1 " + t1 + " bastion sshd 1 - - Failed password for root from 45.155.205.14 port 22";
        String b = "<38>1 " + t2 + " bastion sshd 1 - - Failed password\nfor root from 45.155.205.14 port 22";
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), node.detect().syslogPort()); OutputStream o = s.getOutputStream()) {
            for (String m : List.of(a, b)) {
                byte[] bytes = m.getBytes(StandardCharsets.UTF_8);
                o.write((bytes.length + " ").getBytes(StandardCharsets.US_ASCII));
                o.write(bytes);
            }
        }
        for (int i = 0; i < 200 && Long.parseLong(node.detect().stats().get("hits").toString()) < 2; i++) {
            Thread.sleep(25);
        }
        assertThat(node.detect().stats().get("events").toString()).isEqualTo("2");
        assertThat(node.detect().stats().get("hits").toString()).isEqualTo("2");
        node.detect().flushAll();
        assertThat(stored("sighting")).singleElement().satisfies(s -> {
            assertThat(s.get("count").toString()).isEqualTo("2");
            assertThat(java.time.Instant.parse(s.getString("first_seen"))).isEqualTo(t1);
            assertThat(java.time.Instant.parse(s.getString("last_seen"))).isEqualTo(t2);
        });
    }

    @Test
    void aFieldMappingInTheSettingsMapsTelemetryFieldsToObservables() throws Exception {
        node.close();
        Files.writeString(dir.resolve("fields.txt"), "# EDR events\nedr.mutex = stix:mutex:name\nedr.peer = scan\n");
        Files.writeString(dir.resolve(DetectConfig.FILE_NAME), "fields = fields.txt\n");
        node = Node.start(NodeConfig.defaults(dir).withPort(0), Clock.systemUTC());
        token = "Bearer " + node.accounts().createToken("sensor", "test");
        node.store().add("intel", List.of(indicator("08", "[mutex:name = 'qwe123-evil']"),
                indicator("09", "[ipv4-addr:value = '45.155.205.15']")));
        HttpResponse<String> r = post("{\"edr\":{\"mutex\":\"qwe123-evil\",\"peer\":\"45.155.205.15:443\"}}\n");
        assertThat(Json.parseObject(r.body()).get("hits").toString()).as(r.body()).isEqualTo("2");
    }

    @Test
    void aMissingFieldMappingStopsTheNodeWithAMessageNamingIt() throws Exception {
        node.close();
        Files.writeString(dir.resolve(DetectConfig.FILE_NAME), "fields = nowhere.txt\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Node.start(NodeConfig.defaults(dir).withPort(0), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nowhere.txt");
        node = Node.start(NodeConfig.defaults(dir.resolve("other")).withPort(0), Clock.systemUTC());
    }

    @Test
    void anonymousTelemetryIsRefused() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(node.uri().resolve("/api/v1/telemetry"))
                .POST(HttpRequest.BodyPublishers.ofString("{}\n")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
    }

    @Test
    void aNewIndicatorIsRetroHuntedInTelemetrySeenBefore() throws Exception {
        assertThat(post("{\"dns\":{\"question\":{\"name\":\"c2.evil-c2.net\"}}}\n").statusCode()).isEqualTo(200);
        assertThat(stored("sighting")).isEmpty();
        node.store().add("intel", List.of(indicator("02", "[domain-name:value = 'c2.evil-c2.net']")));
        for (int i = 0; i < 200 && stored("sighting").isEmpty(); i++) {
            Thread.sleep(25);
        }
        assertThat(stored("sighting")).singleElement().satisfies(s ->
                assertThat(s.getString("sighting_of_ref")).isEqualTo("indicator--00000000-0000-4000-8000-000000000002"));
        assertThat(node.detect().stats().get("retro_hunt_sightings").toString()).isEqualTo("1");
    }

    @Test
    void syslogOverUdpAndTcpIsMatched() throws Exception {
        node.store().add("intel", List.of(indicator("03", "[ipv4-addr:value = '45.155.205.9']")));
        awaitIndexEntries(1);
        int port = node.detect().syslogPort();
        assertThat(port).isPositive();
        byte[] msg = "<38>Nov  1 10:00:00 bastion sshd[1]: Failed password for root from 45.155.205.9 port 22\n".getBytes(StandardCharsets.UTF_8);
        try (DatagramSocket s = new DatagramSocket()) {
            s.send(new DatagramPacket(msg, msg.length, InetAddress.getLoopbackAddress(), port));
        }
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port); OutputStream o = s.getOutputStream()) {
            o.write(msg);
            o.write(msg);
        }
        for (int i = 0; i < 200 && Long.parseLong(node.detect().stats().get("hits").toString()) < 3; i++) {
            Thread.sleep(25);
        }
        assertThat(node.detect().stats().get("hits").toString()).isEqualTo("3");
        node.detect().flushAll();
        assertThat(stored("sighting")).singleElement().satisfies(s -> assertThat(s.get("count").toString()).isEqualTo("3"));
    }

    @Test
    void anOrWithAnAtomBesideAPatternTheEvaluatorNeedsIsRetroHuntedForTheAtom() throws Exception {
        assertThat(post("{\"source\":{\"ip\":\"45.155.205.16\"},\"destination\":{\"port\":443}}\n").statusCode()).isEqualTo(200);
        node.store().add("intel", List.of(
                indicator("10", "[ipv4-addr:value = '45.155.205.16'] OR [file:name MATCHES '^invoice']"),
                // needs two properties of one event: not retro-hunted (the record keeps values, not events)
                indicator("11", "[ipv4-addr:value = '45.155.205.16' AND network-traffic:dst_port = 443]")));
        for (int i = 0; i < 200 && stored("sighting").isEmpty(); i++) {
            Thread.sleep(25);
        }
        assertThat(stored("sighting")).singleElement().satisfies(s -> {
            assertThat(s.getString("sighting_of_ref")).isEqualTo("indicator--00000000-0000-4000-8000-000000000010");
            assertThat(((JsonObject) s.get("x_datong_match")).getString("matched_entry")).isEqualTo("45.155.205.16");
        });
        assertThat(node.detect().stats().get("retro_hunt_sightings").toString()).isEqualTo("1");
    }

    @Test
    void aSightingIsStoredAtItsFirstHitAndUpdatedWhenItsWindowCloses() throws Exception {
        node.store().add("intel", List.of(indicator("21", "[ipv4-addr:value = '45.155.205.21']")));
        awaitIndexEntries(1);
        assertThat(post("{\"source\":{\"ip\":\"45.155.205.21\"}}\n").statusCode()).isEqualTo(200);
        // an early warning: stored now, not when the hour-long window closes
        awaitStat("sightings_stored", 1);
        JsonObject first = stored("sighting").getFirst();
        assertThat(first.get("count").toString()).isEqualTo("1");
        assertThat(post("{\"source\":{\"ip\":\"45.155.205.21\"}}\n{\"source\":{\"ip\":\"45.155.205.21\"}}\n").statusCode())
                .isEqualTo(200);
        node.detect().flushAll();
        assertThat(stored("sighting")).singleElement().satisfies(s -> {
            assertThat(s.getString("id")).isEqualTo(first.getString("id"));
            assertThat(s.get("count").toString()).isEqualTo("3");
            assertThat(s.getString("modified").compareTo(first.getString("modified"))).isPositive();
        });
        assertThat(node.detect().stats().get("sightings_stored").toString()).isEqualTo("1");
        assertThat(node.detect().stats().get("sighting_updates").toString()).isEqualTo("1");
    }

    private long stat(String name) {
        return Long.parseLong(node.detect().stats().get(name).toString());
    }

    private void awaitStat(String name, long n) throws InterruptedException {
        for (int i = 0; i < 400 && stat(name) < n; i++) {
            Thread.sleep(25);
        }
    }

    private static String id(int n) {
        return String.format("indicator--00000000-0000-4000-8000-%012d", n);
    }

    private static String ip(int n) {
        return "45.155." + (n / 250) + "." + (n % 250 + 1);
    }

    @Test
    void manyDistinctHitsInOnePostAreStoredOffTheRequestThreadInFewTransactions() throws Exception {
        int n = 3_000;
        List<JsonObject> indicators = new java.util.ArrayList<>();
        StringBuilder telemetry = new StringBuilder();
        for (int i = 0; i < n; i++) {
            indicators.add(indicator("01", "[ipv4-addr:value = '" + ip(i) + "']")
                    .with("id", new org.datong.stix.json.JsonString(id(i))));
            telemetry.append("{\"source\":{\"ip\":\"").append(ip(i)).append("\"}}\n");
        }
        node.store().add("intel", indicators);
        awaitIndexEntries(n);
        java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger sightingsWritten = new java.util.concurrent.atomic.AtomicInteger();
        Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        node.store().addListener((collection, objects) -> {
            long s = objects.stream().filter(o -> "sighting".equals(o.type())).count();
            if (s > 0) {
                writes.incrementAndGet();
                sightingsWritten.addAndGet((int) s);
                threads.add(Thread.currentThread().getName());
            }
        });
        HttpResponse<String> r = post(telemetry.toString());
        assertThat(Json.parseObject(r.body()).get("hits").toString()).as(r.body()).isEqualTo(String.valueOf(n));
        awaitStat("sightings_stored", n);
        assertThat(stat("sightings_stored")).isEqualTo(n);
        assertThat(sightingsWritten.get()).isEqualTo(n);
        // one transaction per batch the writer drains, not one per hit on the request thread
        assertThat(writes.get()).isLessThanOrEqualTo(n / 10);
        assertThat(threads).containsExactly("detect-sightings");
        assertThat(stat("sightings_failed")).isZero();
        assertThat(stat("sightings_queued")).isZero();
    }

    /** Restarts the node with a webhook at {@code hook}; returns nothing, the node is in {@link #node}. */
    private void restartWithWebhook(com.sun.net.httpserver.HttpServer hook) throws Exception {
        node.close();
        Files.writeString(dir.resolve(DetectConfig.FILE_NAME), "webhook = http://127.0.0.1:" + hook.getAddress().getPort() + "/hook\n");
        node = Node.start(NodeConfig.defaults(dir).withPort(0), Clock.systemUTC());
        token = "Bearer " + node.accounts().createToken("sensor", "test");
    }

    private static com.sun.net.httpserver.HttpServer hook(com.sun.net.httpserver.HttpHandler h) throws java.io.IOException {
        com.sun.net.httpserver.HttpServer hook = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hook.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        hook.createContext("/hook", h);
        hook.start();
        return hook;
    }

    @Test
    void aWebhookThatFailsTwiceReceivesTheSightingOnTheThirdAttempt() throws Exception {
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.BlockingQueue<String> received = new java.util.concurrent.LinkedBlockingQueue<>();
        com.sun.net.httpserver.HttpServer hook = hook(ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (attempts.incrementAndGet() <= 2) {
                ex.sendResponseHeaders(503, -1);
            } else {
                received.add(body);
                ex.sendResponseHeaders(204, -1);
            }
            ex.close();
        });
        try {
            restartWithWebhook(hook);
            node.store().add("intel", List.of(indicator("31", "[ipv4-addr:value = '45.155.205.31']")));
            assertThat(post("{\"source\":{\"ip\":\"45.155.205.31\"}}\n").statusCode()).isEqualTo(200);
            String posted = received.poll(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(posted).isNotNull();
            assertThat(Json.parseObject(posted).getString("sighting_of_ref")).isEqualTo("indicator--00000000-0000-4000-8000-000000000031");
            assertThat(attempts.get()).isEqualTo(3);
            assertThat(stat("webhook_failures")).isZero();
        } finally {
            hook.stop(0);
        }
    }

    @Test
    void aWebhookThatNeverAnswersDoesNotDelayStoringSightings() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer hook = hook(ex -> {
            requests.incrementAndGet();
            try {
                release.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        try {
            restartWithWebhook(hook);
            node.store().add("intel", List.of(indicator("32", "[ipv4-addr:value = '45.155.205.32']"),
                    indicator("33", "[ipv4-addr:value = '45.155.205.33']")));
            awaitIndexEntries(2);
            long start = System.nanoTime();
            assertThat(post("{\"source\":{\"ip\":\"45.155.205.32\"}}\n").statusCode()).isEqualTo(200);
            for (int i = 0; i < 400 && requests.get() == 0; i++) {
                Thread.sleep(25);
            }
            assertThat(requests.get()).as("the webhook is waiting on the first sighting").isEqualTo(1);
            assertThat(post("{\"source\":{\"ip\":\"45.155.205.33\"}}\n").statusCode()).isEqualTo(200);
            awaitStat("sightings_stored", 2);
            // well within the webhook's 10 s request timeout, which has not passed yet
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(8));
            assertThat(stat("sightings_stored")).isEqualTo(2);
            assertThat(stored("sighting")).hasSize(2);
            assertThat(stat("webhook_queued")).isEqualTo(1);
        } finally {
            release.countDown();
            // let the poster finish with the queued sighting, so closing the node does not wait on retries
            for (int i = 0; i < 200 && (requests.get() < 2 || stat("webhook_queued") > 0); i++) {
                Thread.sleep(25);
            }
            Thread.sleep(100);
            hook.stop(0);
        }
    }
}
