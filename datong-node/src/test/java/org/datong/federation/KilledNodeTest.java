package org.datong.federation;

import org.datong.policy.Agreement;
import org.datong.policy.Tlp;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonObject;
import org.datong.store.Database;
import org.datong.store.ObjectQuery;
import org.datong.store.ObjectStore;
import org.datong.store.Page;
import org.datong.store.StoredCollection;
import org.datong.store.StoredObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes as separate JVM processes ({@code datong serve}); both are killed
 * with SIGKILL while objects are in flight and restarted: every object
 * arrives once.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KilledNodeTest {
    private static final int OBJECTS = 1000;
    private static final int POST_BATCH = 100;

    @TempDir
    Path root;
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killAll() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void nodesKilledMidSyncResumeFromTheirCursorsWithoutLossOrDuplicates() throws Exception {
        // prepare both data folders with in-process nodes, then run them as processes
        Member a = Member.start(root, "alpha", "CN");
        Member b = Member.start(root, "beta", "FR");
        a.agree(b, Agreement.Direction.SEND, Tlp.AMBER, false);
        b.agree(a, Agreement.Direction.RECEIVE, Tlp.AMBER, false);
        a.pushTo(b);
        a.node.accounts().addUser("loader", Member.PASSWORD.toCharArray(), Set.of());
        String loaderToken = a.node.accounts().createToken("loader", "test");
        a.node.store().createCollection(StoredCollection.of("feed", "Feed").withWriters(List.of("loader")));
        a.close();
        b.close();

        Process beta = serve(b);
        Process alpha = serve(a);
        HttpClient http = HttpClient.newHttpClient();
        URI feed = URI.create("http://127.0.0.1:" + a.port + "/taxii2/datong/collections/feed/objects/");
        List<String> ids = new ArrayList<>();
        boolean betaKilled = false;
        for (int sent = 0; sent < OBJECTS; sent += POST_BATCH) {
            List<JsonObject> batch = new ArrayList<>();
            for (int i = sent; i < sent + POST_BATCH; i++) {
                String id = String.format("cccccccc-0000-4000-8000-%012d", i);
                batch.add(Member.indicator(id, Member.GREEN, "2026-12-01T10:00:00.000Z"));
                ids.add("indicator--" + id);
            }
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(feed)
                    .header("Authorization", "Bearer " + loaderToken)
                    .header("Content-Type", "application/taxii+json;version=2.1")
                    .header("Accept", "application/taxii+json;version=2.1")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(JsonObject.builder()
                            .put("objects", JsonArray.of(batch)).build()))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            if (!betaKilled && sent >= OBJECTS / 3) {
                Member.await(Duration.ofSeconds(60), "beta to receive something", () -> received(b).size() > 0);
                beta.destroyForcibly().waitFor();
                betaKilled = true;
            }
        }
        // alpha is killed while it still has objects to deliver to the dead beta
        alpha.destroyForcibly().waitFor();
        int before = received(b).size();
        assertThat(before).isLessThan(OBJECTS);

        serve(b);
        serve(a);
        Member.await(Duration.ofSeconds(120), "beta to hold all " + OBJECTS + " objects", () -> received(b).size() >= OBJECTS);
        List<String> got = received(b);
        assertThat(got).hasSize(OBJECTS).doesNotHaveDuplicates();
        assertThat(new HashSet<>(got)).isEqualTo(new HashSet<>(ids));
    }

    /** Starts {@code datong serve} for the member's data folder as a separate JVM and waits until it listens. */
    private Process serve(Member m) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = root.resolve(m.name + "-" + processes.size() + ".log");
        Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "org.datong.cli.Main", "serve", "--data", m.dir.toString(), "--port", String.valueOf(m.port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(p);
        Member.await(Duration.ofSeconds(60), m.name + " to listen (log " + log + ")", () -> {
            if (!p.isAlive()) {
                throw new AssertionError(m.name + " exited: " + read(log));
            }
            return read(log).contains("listening on");
        });
        return p;
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    /** Object ids in the member's received collection, read from its database directly. */
    private static List<String> received(Member m) {
        try (Database db = Database.sqlite(m.dir.resolve("datong.db"))) {
            ObjectStore store = ObjectStore.open(db, Clock.systemUTC());
            List<String> out = new ArrayList<>();
            ObjectQuery q = ObjectQuery.all().withVersions(ObjectQuery.Versions.ALL);
            String next = null;
            do {
                Page p = store.manifest(FederationConfig.DEFAULT_RECEIVED, q.withNext(next));
                for (StoredObject o : p.objects()) {
                    out.add(o.id());
                }
                next = p.next();
            } while (next != null);
            return out;
        } catch (RuntimeException e) {
            return List.of();
        }
    }
}
