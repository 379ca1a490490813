package org.datong.federation;

import org.datong.node.Node;
import org.datong.node.NodeConfig;
import org.datong.policy.Agreement;
import org.datong.policy.Partner;
import org.datong.policy.PersonalData;
import org.datong.policy.Tlp;
import org.datong.policy.store.PolicyStore;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonObject;
import org.datong.store.StoredCollection;
import org.datong.store.StoredObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * End-to-end sync measurements on real nodes (loopback HTTP, SQLite in
 * temporary folders, real policy gates and signatures), for
 * {@code datong bench sync}.
 */
public final class SyncBench {
    private static final String GREEN = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da";
    private static final String SOURCE = "intel";
    /** Objects per store batch while feeding the latency run: one object at a time, like analysts publishing. */
    private static final Duration LATENCY_SPACING = Duration.ofMillis(2);
    private static final int LOAD_BATCH = 1000;
    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    private SyncBench() {
    }

    /** Two-hop push latency: nanoseconds percentiles and the count. */
    public record Latency(int objects, double p50Millis, double p99Millis, double maxMillis) {
    }

    /**
     * Catch-up: objects, wall-clock seconds, objects per second, and the CPU
     * seconds the whole process (both nodes) used meanwhile, which tells a
     * slow node from a busy machine.
     *
     * @param cpuByThread CPU seconds by thread name (digits replaced by '#'), which tells the stages apart:
     *                    {@code datong-sync-PEER} the sender's worker (read, decide, sign, record),
     *                    {@code ForkJoinPool-...} virtual threads (the sender's POST, the receiver's
     *                    inbox reading and signature checks), {@code JettyServerThreadPool-...} and
     *                    {@code datong-prepare-...} the receiver's TAXII POST into its inbox,
     *                    {@code datong-sync-inbox} the receiver's admission
     * @param gcMillis    time the collectors report (pauses) meanwhile
     * @param jitMillis   time the JIT compilers report meanwhile (their threads are not in {@code cpuByThread})
     */
    public record CatchUp(int objects, double seconds, double perSecond, double cpuSeconds, Map<String, Double> cpuByThread,
                          long gcMillis, long jitMillis) {
        /** Objects per CPU-second of both nodes together. */
        public double perCpuSecond() {
            return cpuSeconds <= 0 ? 0 : objects / cpuSeconds;
        }
    }

    /**
     * Publishes {@code n} objects one by one on A, pushed A -> B -> C, and
     * measures for each the time from A's commit to C's commit.
     */
    public static Latency twoHopLatency(Path workDir, int n) throws InterruptedException {
        try (Node a = node(workDir, "alpha", "CN"); Node b = node(workDir, "beta", "FR"); Node c = node(workDir, "gamma", "BR")) {
            link(a, b, true); // beta may relay alpha's objects
            link(b, c, false);
            Map<String, Long> published = new ConcurrentHashMap<>();
            long[] arrived = new long[n];
            AtomicLong count = new AtomicLong();
            c.store().addListener((collection, objects) -> {
                if (!collection.equals(FederationConfig.DEFAULT_RECEIVED)) {
                    return;
                }
                long now = System.nanoTime();
                for (StoredObject o : objects) {
                    Long t = published.get(o.id());
                    if (t != null) {
                        int i = (int) count.getAndIncrement();
                        if (i < n) {
                            arrived[i] = now - t;
                        }
                    }
                }
            });
            for (int i = 0; i < n; i++) {
                JsonObject o = indicator(i);
                published.put(o.getString("id"), System.nanoTime());
                a.store().add(SOURCE, List.of(o));
                Thread.sleep(LATENCY_SPACING);
            }
            waitFor(() -> count.get() >= n, "all objects at gamma");
            long[] sorted = Arrays.copyOf(arrived, n);
            Arrays.sort(sorted);
            return new Latency(n, millis(sorted[(int) Math.ceil(n * 0.50) - 1]), millis(sorted[(int) Math.ceil(n * 0.99) - 1]),
                    millis(sorted[n - 1]));
        }
    }

    /**
     * Loads {@code n} objects on A while B is not yet its peer, then makes B a
     * peer and measures until B has admitted them all. The agreements and A's
     * account on B exist before the clock starts; adding the peer starts it.
     * Each call uses a new pair of nodes in {@code workDir/<run>}.
     */
    public static CatchUp catchUp(Path workDir, String run, int n) throws InterruptedException {
        try (Node a = node(workDir.resolve(run), "alpha2", "CN"); Node b = node(workDir.resolve(run), "beta2", "FR")) {
            for (int i = 0; i < n; i += LOAD_BATCH) {
                List<JsonObject> batch = new ArrayList<>();
                for (int j = i; j < Math.min(n, i + LOAD_BATCH); j++) {
                    batch.add(indicator(j));
                }
                a.store().add(SOURCE, batch);
            }
            AtomicLong received = new AtomicLong();
            b.store().addListener((collection, objects) -> {
                if (collection.equals(FederationConfig.DEFAULT_RECEIVED)) {
                    received.addAndGet(objects.size());
                }
            });
            String token = agree(a, b, false); // agreements and B's account for A are set up before the clock starts
            long start = System.nanoTime();
            long cpuStart = processCpuNanos();
            Map<Long, long[]> threadsStart = threadCpu();
            long gcStart = gcMillis();
            long jitStart = jitMillis();
            addPeer(a, b, token);
            waitFor(() -> received.get() >= n, "all objects at the second node");
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = (processCpuNanos() - cpuStart) / 1e9;
            return new CatchUp(n, seconds, n / seconds, cpu, stages(threadsStart, threadCpu()), gcMillis() - gcStart,
                    jitMillis() - jitStart);
        }
    }

    private static Node node(Path workDir, String name, String cc) {
        Path dir = workDir.resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        NodeIdentity.loadOrCreate(dir, name, cc, Clock.systemUTC());
        Node node = Node.start(NodeConfig.defaults(dir).withPort(0), Clock.systemUTC());
        node.store().createCollection(StoredCollection.of(SOURCE, "Intel"));
        return node;
    }

    /** {@code from} pushes to {@code to} under agreements on both sides; {@code relay}: {@code to} may pass them on. */
    private static void link(Node from, Node to, boolean relay) {
        addPeer(from, to, agree(from, to, relay));
    }

    /** The agreements on both sides and {@code from}'s account on {@code to}; returns its token there. */
    private static String agree(Node from, Node to, boolean relay) {
        agree(from, to, Agreement.Direction.SEND, false);
        agree(to, from, Agreement.Direction.RECEIVE, relay);
        String user = from.identity().name();
        to.accounts().addUser(user, "bench-password-1".toCharArray(), Set.of("peers"));
        return to.accounts().createToken(user, "bench");
    }

    /** Makes {@code to} a peer of {@code from}: pushing starts. */
    private static void addPeer(Node from, Node to, String token) {
        from.peers().add(new Peer(to.identity().name(), to.taxiiApiRoot(), to.identity().id(), to.identity().publicKeyText(),
                List.of(), FederationConfig.DEFAULT_INBOX, new Peer.Auth.Token(token)));
        from.federation().peersChanged();
        to.federation().peersChanged();
    }

    private static void agree(Node self, Node other, Agreement.Direction direction, boolean relay) {
        PolicyStore p = self.sharingGate().store();
        String name = other.identity().name();
        if (p.partner(name).isEmpty()) {
            p.addPartner(new Partner(other.identity().id(), name, other.identity().jurisdiction(), null,
                    other.identity().publicKeyText()));
        }
        p.createAgreement(new PolicyStore.AgreementTerms(name, direction, Set.of("*"), Set.of("*"), Tlp.AMBER, "general",
                PersonalData.Treatment.MINIMISE, relay, Set.of(), null, null, Agreement.State.ACTIVE));
    }

    private static JsonObject indicator(int i) {
        return Json.parseObject("""
                {"type":"indicator","spec_version":"2.1","id":"indicator--%s",
                 "created":"2026-12-01T10:00:00.000Z","modified":"2026-12-01T10:00:00.000Z",
                 "name":"bench indicator %d","pattern":"[ipv4-addr:value = '10.%d.%d.%d']","pattern_type":"stix",
                 "valid_from":"2026-12-01T10:00:00Z","object_marking_refs":["%s"]}
                """.formatted(String.format("0be0c4e5-0000-4000-8000-%012d", i), i, (i >> 16) & 255, (i >> 8) & 255,
                i & 255, GREEN));
    }

    private static void waitFor(java.util.function.BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up after " + TIMEOUT + " waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    private static long gcMillis() {
        long t = 0;
        for (GarbageCollectorMXBean g : ManagementFactory.getGarbageCollectorMXBeans()) {
            t += Math.max(0, g.getCollectionTime());
        }
        return t;
    }

    private static long jitMillis() {
        CompilationMXBean c = ManagementFactory.getCompilationMXBean();
        return c != null && c.isCompilationTimeMonitoringSupported() ? c.getTotalCompilationTime() : 0;
    }

    /** CPU nanoseconds of every live platform thread, by thread id (with a hash of its name to tell reused ids). */
    private static Map<Long, long[]> threadCpu() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<Long, long[]> out = new HashMap<>();
        for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null) {
                long cpu = mx.getThreadCpuTime(t.getThreadId());
                if (cpu >= 0) {
                    out.put(t.getThreadId(), new long[]{cpu, t.getThreadName().hashCode()});
                    NAMES.put(t.getThreadId(), t.getThreadName());
                }
            }
        }
        return out;
    }

    /** Thread names by id, as last seen. */
    private static final Map<Long, String> NAMES = new ConcurrentHashMap<>();
    /** Threads that used less CPU than this during a run are left out of the breakdown. */
    private static final double MIN_THREAD_CPU_SECONDS = 0.05;

    /** CPU seconds each group of threads used between the two snapshots; threads that ended meanwhile are missing. */
    private static Map<String, Double> stages(Map<Long, long[]> before, Map<Long, long[]> after) {
        Map<String, Double> out = new TreeMap<>();
        after.forEach((id, a) -> {
            long[] b = before.get(id);
            long base = b != null && b[1] == a[1] ? b[0] : 0;
            String group = NAMES.get(id).replaceAll("[0-9]+", "#");
            out.merge(group, (a[0] - base) / 1e9, Double::sum);
        });
        out.values().removeIf(v -> v < MIN_THREAD_CPU_SECONDS);
        return out;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
