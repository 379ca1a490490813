package org.datong.cli;

import org.datong.node.Node;
import org.datong.node.NodeConfig;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonBoolean;
import org.datong.stix.json.JsonLimits;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonStream;
import org.datong.store.StoredCollection;
import org.datong.taxii.TaxiiApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code datong bench taxii}: ingest through TAXII POST and through import,
 * then paging through the collection, on a real node (HTTP on loopback, SQLite
 * or PostgreSQL), printing a table.
 */
@Command(name = "taxii", mixinStandardHelpOptions = true,
        description = {"Measure TAXII ingest (POST envelopes), import, and paging on a fresh node; print a table.",
                "Synthetic indicators (about 600 bytes each, seeded), loopback HTTP, bearer token."})
final class BenchTaxiiCommand implements Callable<Integer> {
    /** Repeats of the first and last page when measuring their latency. */
    private static final int LATENCY_REPEATS = 7;

    @Spec
    CommandSpec spec;

    @Option(names = "--objects", paramLabel = "N", description = "Objects to ingest each way (default ${DEFAULT-VALUE}).")
    int objects = 20_000;

    @Option(names = "--envelope", paramLabel = "N", description = "Objects per POST envelope (default ${DEFAULT-VALUE}).")
    int envelope = 1000;

    @Option(names = "--clients", paramLabel = "N",
            description = "Concurrent HTTP clients posting envelopes (default ${DEFAULT-VALUE}).")
    int clients = 1;

    @Option(names = "--page", paramLabel = "N", description = "Page size when reading (default ${DEFAULT-VALUE}).")
    int page = 1000;

    @Option(names = "--database", paramLabel = "DB", description = "sqlite or postgresql (default ${DEFAULT-VALUE}).")
    String database = "sqlite";

    @Option(names = "--pg-url", paramLabel = "URL",
            description = "PostgreSQL server (default $DATONG_TEST_PG_URL, else jdbc:postgresql://127.0.0.1:5432/test?user=postgres); a schema is created and dropped.")
    String pgUrl;

    @Override
    public Integer call() throws Exception {
        if (objects < 1 || envelope < 1 || page < 1 || clients < 1) {
            throw new UsageException("--objects, --envelope, --clients and --page must be positive");
        }
        PrintWriter out = spec.commandLine().getOut();
        Path dir = Files.createTempDirectory("datong-bench-taxii");
        String schema = null;
        String base = null;
        NodeConfig config = NodeConfig.defaults(dir).withPort(0)
                .withLimits(Math.max(NodeConfig.DEFAULT_MAX_CONTENT_LENGTH, (long) envelope * 4096),
                        Math.max(page, NodeConfig.DEFAULT_MAX_PAGE_SIZE), NodeConfig.DEFAULT_MAX_JSON_DEPTH);
        switch (database.toLowerCase(Locale.ROOT)) {
            case "sqlite" -> {
            }
            case "postgresql", "postgres" -> {
                base = pgUrl != null ? pgUrl : System.getenv().getOrDefault("DATONG_TEST_PG_URL",
                        "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
                schema = "bench_" + UUID.randomUUID().toString().replace("-", "");
                exec(base, "CREATE SCHEMA " + schema);
                config = config.withDatabase(base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema, null, null);
            }
            default -> throw new UsageException("--database must be sqlite or postgresql, not " + database);
        }
        try (Node node = Node.start(config, Clock.systemUTC())) {
            run(node, dir, out);
        } finally {
            if (schema != null) {
                exec(base, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
            deleteTree(dir);
        }
        return Main.OK;
    }

    private void run(Node node, Path dir, PrintWriter out) throws Exception {
        node.accounts().addUser("bench", UUID.randomUUID().toString().toCharArray(), Set.of());
        String auth = "Bearer " + node.accounts().createToken("bench", "benchmark");
        for (String c : List.of("posted", "imported")) {
            node.store().createCollection(StoredCollection.of(c, c).withReaders(List.of("bench"))
                    .withWriters(List.of("bench")));
        }
        HttpClient http = HttpClient.newHttpClient();
        URI objectsUrl = node.taxiiApiRoot().resolve("collections/posted/objects/");
        Random random = new Random(20260301L);

        // 1. TAXII POST, envelopes of `envelope` objects, one after another; the
        //    envelopes are generated before the clock starts so the figure is the node's
        List<String> bodies = new ArrayList<>();
        for (int done = 0; done < objects; done += envelope) {
            int n = Math.min(envelope, objects - done);
            StringBuilder body = new StringBuilder(n * 700).append("{\"objects\":[");
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    body.append(',');
                }
                body.append(indicator(random));
            }
            bodies.add(body.append("]}").toString());
        }
        long t0 = System.nanoTime();
        long c0 = cpuNanos();
        java.util.concurrent.atomic.AtomicInteger nextEnvelope = new java.util.concurrent.atomic.AtomicInteger();
        List<java.util.concurrent.Future<?>> posters = new ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(clients);
        try {
            for (int c = 0; c < clients; c++) {
                posters.add(pool.submit(() -> {
                    for (int e = nextEnvelope.getAndIncrement(); e < bodies.size(); e = nextEnvelope.getAndIncrement()) {
                        int n = Math.min(envelope, objects - e * envelope);
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(objectsUrl).header("Authorization", auth)
                                .header("Accept", TaxiiApi.TAXII_MEDIA_TYPE).header("Content-Type", TaxiiApi.TAXII_MEDIA_TYPE)
                                .POST(HttpRequest.BodyPublishers.ofString(bodies.get(e))).build(),
                                HttpResponse.BodyHandlers.ofString());
                        bodies.set(e, null);
                        JsonObject status = Json.parseObject(r.body());
                        if (r.statusCode() != 202 || !String.valueOf(n).equals(status.get("success_count").toString())) {
                            throw new IllegalStateException("POST failed: " + r.statusCode() + " " + r.body());
                        }
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : posters) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof Exception x ? x : new IllegalStateException(e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        double postSeconds = seconds(t0);
        double postCpu = (cpuNanos() - c0) / 1e9;

        // 2. import of a bundle file with as many objects
        Path bundle = dir.resolve("bundle.json");
        try (BufferedWriter w = Files.newBufferedWriter(bundle, StandardCharsets.UTF_8)) {
            w.write("{\"type\":\"bundle\",\"id\":\"bundle--" + UUID.randomUUID() + "\",\"objects\":[");
            for (int i = 0; i < objects; i++) {
                if (i > 0) {
                    w.write(',');
                }
                w.write(indicator(random));
                w.newLine();
            }
            w.write("]}");
        }
        long t1 = System.nanoTime();
        long c1 = cpuNanos();
        BundleImporter importer = new BundleImporter(node.store(), "imported", n -> { });
        try (InputStream in = ValidateCommand.open(bundle.toString())) {
            String broken = importer.importStream("bundle.json", in);
            if (broken != null || importer.stored != objects) {
                throw new IllegalStateException("import failed: " + broken + ", stored " + importer.stored);
            }
        }
        double importSeconds = seconds(t1);
        double importCpu = (cpuNanos() - c1) / 1e9;

        // 3. paging through everything, `page` at a time
        long t2 = System.nanoTime();
        long c2 = cpuNanos();
        String next = null;
        String lastCursor = null;
        long read = 0;
        int pages = 0;
        do {
            lastCursor = next;
            PageInfo p = get(http, auth, objectsUrl, next);
            read += p.count();
            pages++;
            next = p.more() ? p.next() : null;
        } while (next != null);
        double pagingSeconds = seconds(t2);
        double pagingCpu = (cpuNanos() - c2) / 1e9;
        if (read != objects) {
            throw new IllegalStateException("paging returned " + read + " objects, expected " + objects);
        }
        double firstPageMs = medianMillis(http, auth, objectsUrl, null);
        double lastPageMs = medianMillis(http, auth, objectsUrl, lastCursor);

        out.printf("datong bench taxii: %,d objects, %s, envelopes of %,d from %d client(s), pages of %,d, %d cores%n",
                objects, node.database().dialect().name().toLowerCase(Locale.ROOT), envelope, clients, page,
                Runtime.getRuntime().availableProcessors());
        out.println("| measurement | wall clock | process CPU (client and server) |");
        out.println("| --- | --- | --- |");
        out.printf("| ingest, TAXII POST | %,.0f objects/s (%.1f s) | %.1f s |%n", objects / postSeconds, postSeconds,
                postCpu);
        out.printf("| ingest, import | %,.0f objects/s (%.1f s) | %.1f s |%n", objects / importSeconds, importSeconds,
                importCpu);
        out.printf("| paging, limit=%d | %,.0f objects/s (%d pages, %.1f s) | %.1f s |%n", page, read / pagingSeconds,
                pages, pagingSeconds, pagingCpu);
        out.printf("| first page latency (median of %d) | %.1f ms | |%n", LATENCY_REPEATS, firstPageMs);
        out.printf("| last page latency (median of %d) | %.1f ms | |%n", LATENCY_REPEATS, lastPageMs);
        out.flush();
    }

    /** What the client needs from an envelope: how many objects, and where the next page is. */
    record PageInfo(int count, boolean more, String next) {
    }

    private PageInfo get(HttpClient http, String auth, URI url, String next) throws Exception {
        URI u = URI.create(url + "?limit=" + page + (next == null ? "" : "&next=" + next));
        return scan(getText(http, auth, u));
    }

    /** Reads an envelope's more/next and counts its objects without building them (the client stays cheap). */
    static PageInfo scan(String envelope) {
        int count = 0;
        boolean more = false;
        String next = null;
        try (JsonStream s = JsonStream.of(envelope, JsonLimits.DEFAULT)) {
            s.next();
            while (s.next() == JsonStream.Event.KEY) {
                String key = s.key();
                JsonStream.Event e = s.next();
                switch (key) {
                    case "more" -> more = s.readValue() == JsonBoolean.TRUE;
                    case "next" -> next = s.readValue().asString();
                    case "objects" -> {
                        while (s.next() != JsonStream.Event.END_ARRAY) {
                            count++;
                            s.skipValue();
                        }
                    }
                    default -> {
                        if (e != JsonStream.Event.VALUE) {
                            s.skipValue();
                        }
                    }
                }
            }
        }
        return new PageInfo(count, more, next);
    }

    private static String getText(HttpClient http, String auth, URI u) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(u).header("Authorization", auth)
                .header("Accept", TaxiiApi.TAXII_MEDIA_TYPE).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + u + " failed: " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private double medianMillis(HttpClient http, String auth, URI url, String cursor) throws Exception {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < LATENCY_REPEATS; i++) {
            long t = System.nanoTime();
            get(http, auth, url, cursor);
            times.add((System.nanoTime() - t) / 1e6);
        }
        times.sort(Comparator.naturalOrder());
        return times.get(times.size() / 2);
    }

    /** A realistic indicator: pattern on a random address, name, description, labels, marking, ~600 bytes. */
    private static String indicator(Random r) {
        String ip = (r.nextInt(223) + 1) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
        String created = Instant.ofEpochMilli(1_600_000_000_000L + (r.nextLong() & 0xFFFFFFFFFFL)).toString();
        if (created.length() == 20) {
            created = created.substring(0, 19) + ".000Z";
        }
        return "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--" + new UUID((r.nextLong() & ~0xF000L) | 0x4000L,
                (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L) + "\",\"created\":\"" + created
                + "\",\"modified\":\"" + created + "\",\"created_by_ref\":"
                + "\"identity--f431f809-377b-45e0-aa1c-6a4751cae5ff\",\"name\":\"C2 server " + ip + "\","
                + "\"description\":\"Command and control address seen in phishing campaign traffic; block and"
                + " alert on outbound connections.\",\"indicator_types\":[\"malicious-activity\"],"
                + "\"pattern\":\"[ipv4-addr:value = '" + ip + "']\",\"pattern_type\":\"stix\",\"valid_from\":\""
                + created + "\",\"labels\":[\"c2\",\"phishing\"],\"confidence\":" + r.nextInt(101) + ","
                + "\"object_marking_refs\":[\"marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb\"]}";
    }

    /** CPU time of the whole process (all threads), to tell slowness from a busy machine. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void exec(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new UsageException("PostgreSQL at " + url + ": " + e.getMessage());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
