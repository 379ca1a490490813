package org.datong.taxii;

import org.datong.node.Node;
import org.datong.node.NodeConfig;
import org.datong.stix.json.JsonObject;
import org.datong.store.ObjectQuery;
import org.datong.store.StoredCollection;
import org.datong.store.StoredObject;
import org.datong.store.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parallel POSTs while readers page through the same collection over HTTP:
 * every reader sees every object exactly once, in the collection's order.
 */
class ConcurrentPagingTest {
    static final int WRITERS = 4;
    static final int ENVELOPES_PER_WRITER = 12;
    static final int READERS = 3;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void onSqliteReadersPagingDuringParallelWritesNeverSkipOrRepeatAnObject() throws Exception {
        check(NodeConfig.defaults(dir).withPort(0));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void onPostgresqlReadersPagingDuringParallelWritesNeverSkipOrRepeatAnObject() throws Exception {
        try (TestDatabases.EmptySchema schema = TestDatabases.emptyPostgresSchema()) {
            check(NodeConfig.defaults(dir).withPort(0).withDatabase(schema.url(), null, null));
        }
    }

    private void check(NodeConfig config) throws Exception {
        try (Node node = Node.start(config, Clock.systemUTC())) {
            node.accounts().addUser("w", "writer-secret-1".toCharArray(), Set.of());
            String token = node.accounts().createToken("w", null);
            node.store().createCollection(StoredCollection.of("busy", "Busy").withReaders(List.of("w"))
                    .withWriters(List.of("w")));
            List<String> posted = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean writing = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS + READERS);
            try {
                List<Future<?>> writers = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    int seed = w;
                    writers.add(pool.submit(() -> {
                        TaxiiClient c = TaxiiClient.builder(node.taxiiApiRoot()).bearer(token).build();
                        Random random = new Random(seed);
                        for (int e = 0; e < ENVELOPES_PER_WRITER; e++) {
                            List<JsonObject> batch = new ArrayList<>();
                            for (int i = 1 + random.nextInt(30); i > 0; i--) {
                                String id = "indicator--" + UUID.randomUUID();
                                batch.add(TaxiiClientTest.indicator(id));
                                posted.add(id);
                            }
                            assertThat(c.post("busy", batch).failureCount()).isZero();
                        }
                        return null;
                    }));
                }
                List<Future<List<String>>> readers = new ArrayList<>();
                for (int r = 0; r < READERS; r++) {
                    int limit = 3 + 4 * r;
                    readers.add(pool.submit(() -> read(node, token, limit, writing)));
                }
                for (Future<?> f : writers) {
                    f.get();
                }
                writing.set(false);
                List<String> order = node.store().objects("busy", ObjectQuery.all().withLimit(10_000)).objects()
                        .stream().map(StoredObject::id).toList();
                assertThat(new HashSet<>(order)).isEqualTo(new HashSet<>(posted));
                for (Future<List<String>> f : readers) {
                    List<String> seen = f.get();
                    assertThat(seen).as("a reader saw every object once, in order").isEqualTo(order);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /**
     * Pages with next while more is true; at the end of what is visible,
     * continues with added_after = X-TAXII-Date-Added-Last (TAXII 2.1 section
     * 3.5); stops after a last empty poll once writers are done.
     */
    private static List<String> read(Node node, String token, int limit, AtomicBoolean writing) throws Exception {
        TaxiiClient c = TaxiiClient.builder(node.taxiiApiRoot()).bearer(token).build();
        List<String> seen = new ArrayList<>();
        TaxiiClient.Query q = TaxiiClient.Query.all().withLimit(limit);
        String lastAdded = null;
        while (true) {
            boolean writersDone = !writing.get();
            TaxiiClient.Page<JsonObject> page = c.objects("busy", q);
            page.items().forEach(o -> seen.add(o.getString("id")));
            if (page.dateAddedLast() != null) {
                lastAdded = page.dateAddedLast();
            }
            if (page.more()) {
                q = q.withNext(page.next());
                continue;
            }
            if (writersDone && page.items().isEmpty()) {
                return seen;
            }
            q = TaxiiClient.Query.all().withLimit(limit).withAddedAfter(lastAdded);
            if (page.items().isEmpty()) {
                Thread.sleep(Duration.ofMillis(5));
            }
        }
    }
}
