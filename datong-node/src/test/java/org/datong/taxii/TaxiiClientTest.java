package org.datong.taxii;

import com.sun.net.httpserver.HttpServer;
import org.datong.node.Node;
import org.datong.node.NodeConfig;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonObject;
import org.datong.store.MutableClock;
import org.datong.store.StoredCollection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The TAXII client against the node's TAXII server, and against a flaky server for retries. */
class TaxiiClientTest {
    @TempDir
    static Path dir;
    static Node node;
    static String token;

    @BeforeAll
    static void start() {
        node = Node.start(NodeConfig.defaults(dir).withPort(0), new MutableClock(Instant.parse("2026-03-01T00:00:00Z")));
        node.accounts().addUser("carol", "carol-secret-1".toCharArray(), Set.of());
        token = node.accounts().createToken("carol", null);
        node.store().createCollection(StoredCollection.of("feed", "Feed").withReaders(List.of("carol"))
                .withWriters(List.of("carol")));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static JsonObject indicator(String id) {
        return Json.parseObject(TaxiiServerTest.indicator(id, "2020-01-01T00:00:00.000Z"));
    }

    @Test
    void findsTheApiRootFromTheDiscoveryUrlAndListsCollections() {
        TaxiiClient c = TaxiiClient.builder(node.taxiiDiscovery()).bearer(token).build();
        assertThat(c.apiRoot()).isEqualTo(node.taxiiApiRoot());
        assertThat(c.discovery().apiRoots()).containsExactly(node.taxiiApiRoot().toString());
        assertThat(c.apiRootInformation().versions()).containsExactly(TaxiiApi.TAXII_MEDIA_TYPE);
        assertThat(c.collections()).extracting(TaxiiClient.Collection::id).contains("feed");
        assertThat(c.collection("feed").canWrite()).isTrue();
    }

    @Test
    void postsFollowsStatusAndPagesThroughEverything() {
        TaxiiClient c = TaxiiClient.builder(node.taxiiApiRoot()).basic("carol", "carol-secret-1").build();
        List<JsonObject> objects = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            objects.add(indicator("indicator--" + UUID.randomUUID()));
        }
        TaxiiClient.Status s = c.postAndWait("feed", objects, Duration.ofSeconds(5));
        assertThat(s.complete()).isTrue();
        assertThat(s.successCount()).isEqualTo(25);
        assertThat(c.status(s.id()).successCount()).isEqualTo(25);

        List<JsonObject> seen = new ArrayList<>();
        TaxiiClient.Query q = TaxiiClient.Query.all().withLimit(10);
        TaxiiClient.Page<JsonObject> page;
        do {
            page = c.objects("feed", q);
            assertThat(page.dateAddedFirst()).isNotNull();
            seen.addAll(page.items());
            q = q.withNext(page.next());
        } while (page.more());
        assertThat(seen).containsAll(objects);

        String id = objects.getFirst().getString("id");
        assertThat(c.objects("feed", TaxiiClient.Query.all().withMatch("id", id)).items()).containsExactly(objects.getFirst());
        assertThat(c.versions("feed", id, TaxiiClient.Query.all()).items()).containsExactly("2020-01-01T00:00:00.000Z");
        assertThat(c.manifest("feed", TaxiiClient.Query.all().withLimit(3)).items()).hasSize(3);
        c.delete("feed", id, TaxiiClient.Query.all());
        assertThatThrownBy(() -> c.object("feed", id, TaxiiClient.Query.all()))
                .isInstanceOfSatisfying(TaxiiException.class, e -> assertThat(e.httpStatus()).isEqualTo(404));
    }

    @Test
    void errorsCarryTheStatusAndTheServersTitle() {
        TaxiiClient anonymous = TaxiiClient.builder(node.taxiiApiRoot()).retries(0).build();
        assertThatThrownBy(() -> anonymous.objects("feed", TaxiiClient.Query.all()))
                .isInstanceOfSatisfying(TaxiiException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(401);
                    assertThat(e.title()).isEqualTo("Authentication required");
                });
    }

    @Test
    void retriesWithBackoffOn429And5xx() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer flaky = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        flaky.createContext("/", exchange -> {
            int n = calls.incrementAndGet();
            byte[] body = n <= 2 ? new byte[0]
                    : "{\"title\":\"Flaky\",\"versions\":[\"application/taxii+json;version=2.1\"]}"
                    .getBytes(StandardCharsets.UTF_8);
            if (n == 1) {
                exchange.getResponseHeaders().add("Retry-After", "0");
            }
            exchange.sendResponseHeaders(n == 1 ? 429 : n == 2 ? 503 : 200, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        flaky.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + flaky.getAddress().getPort() + "/api/");
            TaxiiClient c = TaxiiClient.builder(url).retries(3).backoff(Duration.ofMillis(5)).build();
            assertThat(c.apiRootInformation().title()).isEqualTo("Flaky");
            assertThat(calls.get()).as("429, 503, then the API root twice (resolving it, then reading it)").isEqualTo(4);

            calls.set(0);
            TaxiiClient impatient = TaxiiClient.builder(url).retries(1).backoff(Duration.ofMillis(5)).build();
            assertThatThrownBy(impatient::apiRootInformation)
                    .isInstanceOfSatisfying(TaxiiException.class, e -> assertThat(e.httpStatus()).isEqualTo(503));
            assertThat(calls.get()).isEqualTo(2);
        } finally {
            flaky.stop(0);
        }
    }
}
