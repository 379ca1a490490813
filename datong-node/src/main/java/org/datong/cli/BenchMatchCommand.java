package org.datong.cli;

import org.datong.detect.FieldMapping;
import org.datong.detect.IndicatorIndex;
import org.datong.detect.Indicators;
import org.datong.detect.LogFormat;
import org.datong.detect.Matcher;
import org.datong.detect.Synthetic;
import org.datong.detect.WarningLists;
import org.datong.detect.node.DetectInputs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * {@code datong bench match}: builds an index of generated indicators, matches
 * generated JSON and text logs single-threaded, swaps the index under load,
 * then runs the real lists and logs of the shared data folder, and prints a
 * table (see the Performance section of the README).
 */
@Command(name = "match", mixinStandardHelpOptions = true,
        description = "Benchmark the indicator index and matcher: build, heap per indicator, JSON events/s, text MB/s, swap pause, real data.")
final class BenchMatchCommand implements Callable<Integer> {
    /** Lines generated once and replayed to reach the requested count. */
    private static final int CHUNK_LINES = 100_000;
    /** Fraction of generated events that carry an indicator value. */
    private static final double HIT_RATE = 0.001;
    private static final int SWAPS = 20;
    private static final long SWAP_GAP_MS = 50;

    @Spec
    CommandSpec spec;

    @Option(names = "--indicators", paramLabel = "N", defaultValue = "1000000", description = "Generated indicators (default ${DEFAULT-VALUE}).")
    int indicators;

    @Option(names = "--lines", paramLabel = "N", defaultValue = "10000000", description = "Log lines per format (default ${DEFAULT-VALUE}).")
    long lines;

    @Option(names = "--shared", paramLabel = "DIR", description = "The shared data folder for the real-data run (default: ../shared/data when present).")
    Path shared;

    @Option(names = "--seed", defaultValue = "7", description = "Generator seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (indicators <= 0 || lines <= 0) {
            throw new UsageException("--indicators and --lines must be positive");
        }
        out.printf("datong bench match: %,d indicators, %,d lines per format, %d cores, Java %s, max heap %,d MB%n",
                indicators, lines, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20);
        out.printf("%-44s %s%n", "measure", "result");
        Synthetic gen = new Synthetic(seed);
        byte[] list = gen.indicatorList(indicators);

        // build and heap
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        gc();
        long before = mem.getHeapMemoryUsage().getUsed();
        long t0 = System.nanoTime();
        long b0 = cpu();
        IndicatorIndex index = build(list, "synthetic");
        long buildMs = (System.nanoTime() - t0) / 1_000_000;
        long buildCpuMs = (cpu() - b0) / 1_000_000;
        gc();
        long heap = mem.getHeapMemoryUsage().getUsed() - before;
        row(out, "index build (from list text)", String.format("%,d ms CPU, %,d ms wall, for %,d entries", buildCpuMs, buildMs, index.entries()));
        row(out, "heap per indicator (measured, after GC)", String.format("%.1f B (%,d B total)", (double) heap / indicators, heap));
        row(out, "heap per indicator (index arrays)", String.format("%.1f B", (double) index.heapBytes() / indicators));

        WarningLists warnings = WarningLists.builder().addDefaults().build();
        AtomicLong hits = new AtomicLong();
        Matcher matcher = new Matcher(index, warnings, FieldMapping.defaults(), Clock.systemUTC(), h -> hits.incrementAndGet());

        // JSON
        byte[] json = gen.jsonEvents(CHUNK_LINES, HIT_RATE);
        run(matcher, json, 1, LogFormat.JSON); // warm-up
        Matcher.Stats s0 = matcher.stats();
        long h0 = hits.get();
        long reps = Math.max(1, lines / CHUNK_LINES);
        t0 = System.nanoTime();
        long c0 = cpu();
        run(matcher, json, reps, LogFormat.JSON);
        double cpuSecs = (cpu() - c0) / 1e9;
        double secs = (System.nanoTime() - t0) / 1e9;
        Matcher.Stats s1 = matcher.stats();
        long events = s1.events() - s0.events();
        row(out, "JSON lines (ECS), 1 thread, per CPU-second", String.format("%,.0f events/s, %.0f MB/s (%,d events, %,d hits, %,d suppressed)",
                events / cpuSecs, (s1.bytes() - s0.bytes()) / cpuSecs / 1e6, events, hits.get() - h0, s1.suppressed() - s0.suppressed()));
        row(out, "JSON lines (ECS), 1 thread, wall clock", String.format("%,.0f events/s (%.1f s; differs from CPU time when the machine is shared)", events / secs, secs));

        // text
        byte[] text = gen.textLines(CHUNK_LINES, HIT_RATE);
        run(matcher, text, 1, LogFormat.TEXT);
        s0 = matcher.stats();
        h0 = hits.get();
        t0 = System.nanoTime();
        c0 = cpu();
        run(matcher, text, reps, LogFormat.TEXT);
        cpuSecs = (cpu() - c0) / 1e9;
        secs = (System.nanoTime() - t0) / 1e9;
        s1 = matcher.stats();
        row(out, "plain text, 1 thread, per CPU-second", String.format("%.0f MB/s, %,.0f lines/s (%,d lines, %.0f MB, %,d hits)",
                (s1.bytes() - s0.bytes()) / cpuSecs / 1e6, (s1.events() - s0.events()) / cpuSecs, s1.events() - s0.events(),
                (s1.bytes() - s0.bytes()) / 1e6, hits.get() - h0));
        row(out, "plain text, 1 thread, wall clock", String.format("%.0f MB/s (%.1f s)", (s1.bytes() - s0.bytes()) / secs / 1e6, secs));

        swap(out, matcher, index, text, list);
        realData(out);
        out.flush();
        return Main.OK;
    }

    private static IndicatorIndex build(byte[] list, String name) throws IOException {
        IndicatorIndex.Builder b = IndicatorIndex.builder();
        Indicators.loadList(b, name, new ByteArrayInputStream(list));
        return b.build();
    }

    /** Swaps between two full indexes while a thread matches text; reports the swap call and the matching stall. */
    private void swap(PrintWriter out, Matcher matcher, IndicatorIndex first, byte[] text, byte[] list) throws Exception {
        IndicatorIndex second = build(list, "synthetic-2");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong lastRead = new AtomicLong(System.nanoTime());
        AtomicLong maxGapDuringSwaps = new AtomicLong();
        AtomicBoolean swapping = new AtomicBoolean();
        AtomicLong maxGapBaseline = new AtomicLong();
        Thread worker = new Thread(() -> {
            try {
                while (!stop.get()) {
                    InputStream in = new ByteArrayInputStream(text) {
                        @Override
                        public synchronized int read(byte[] b, int off, int len) {
                            long now = System.nanoTime();
                            long gap = now - lastRead.getAndSet(now);
                            AtomicLong target = swapping.get() ? maxGapDuringSwaps : maxGapBaseline;
                            target.accumulateAndGet(gap, Math::max);
                            return super.read(b, off, Math.min(len, 1 << 14));
                        }
                    };
                    matcher.process(in, LogFormat.TEXT, "swap-bench", p -> { });
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, "bench-matcher");
        worker.start();
        Thread.sleep(1000); // baseline
        long maxSwapNs = 0;
        swapping.set(true);
        for (int i = 0; i < SWAPS; i++) {
            maxSwapNs = Math.max(maxSwapNs, matcher.swap(i % 2 == 0 ? second : first).toNanos());
            Thread.sleep(SWAP_GAP_MS);
        }
        swapping.set(false);
        stop.set(true);
        worker.join();
        row(out, "index swap under load (" + SWAPS + " swaps)", String.format("swap call max %.3f ms; matching stall max %.2f ms (baseline max gap %.2f ms)",
                maxSwapNs / 1e6, maxGapDuringSwaps.get() / 1e6, maxGapBaseline.get() / 1e6));
    }

    private void realData(PrintWriter out) throws IOException {
        Path root = shared != null ? shared : locateShared();
        if (root == null || !Files.isDirectory(root)) {
            row(out, "real data", "skipped: no shared data folder (give --shared DIR)");
            return;
        }
        List<Path> lists = new ArrayList<>();
        for (String dir : List.of("romainmarcoux-malicious-ip", "romainmarcoux-malicious-domains", "romainmarcoux-malicious-hash", "blocklistproject", "ipsum")) {
            Path d = root.resolve(dir);
            if (Files.isDirectory(d)) {
                try (Stream<Path> s = Files.list(d)) {
                    s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("LICENSE")).sorted().forEach(lists::add);
                }
            }
        }
        long t0 = System.nanoTime();
        IndicatorIndex.Builder b = IndicatorIndex.builder();
        long accepted = 0;
        long rejected = 0;
        for (Path p : lists) {
            try (InputStream in = DetectInputs.open(p.toString())) {
                Indicators.LoadReport r = Indicators.loadList(b, p.getFileName().toString(), in);
                accepted += r.accepted();
                rejected += r.rejected();
            }
        }
        IndicatorIndex index = b.build();
        long buildMs = (System.nanoTime() - t0) / 1_000_000;
        WarningLists.Builder wb = WarningLists.builder().addDefaults();
        Path misp = root.resolve("misp-warninglists/lists");
        if (Files.isDirectory(misp)) {
            for (Path f : DetectInputs.mispListFiles(misp)) {
                try (InputStream in = DetectInputs.open(f.toString())) {
                    wb.addMisp(in, f.toString());
                }
            }
        }
        WarningLists warnings = wb.build();
        row(out, "real lists (" + lists.size() + " files)", String.format("%,d lines accepted, %,d rejected, %,d entries, built in %,d ms, %.1f B/entry",
                accepted, rejected, index.entries(), buildMs, (double) index.heapBytes() / Math.max(1, index.entries())));
        row(out, "real warning lists", String.format("%d lists, %,d entries", warnings.names().size(), warnings.entries()));
        AtomicLong hits = new AtomicLong();
        Matcher m = new Matcher(index, warnings, FieldMapping.defaults(), Clock.systemUTC(), h -> hits.incrementAndGet());
        List<Path> logs = new ArrayList<>();
        for (String dir : List.of("loghub-2k", "otrf-security-datasets")) {
            Path d = root.resolve(dir);
            if (Files.isDirectory(d)) {
                try (Stream<Path> s = Files.walk(d)) {
                    s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("LICENSE")).sorted().forEach(logs::add);
                }
            }
        }
        long[] problems = new long[1];
        t0 = System.nanoTime();
        for (Path p : logs) {
            try (InputStream in = DetectInputs.open(p.toString())) {
                m.process(in, LogFormat.AUTO, p.toString(), x -> problems[0]++);
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        Matcher.Stats s = m.stats();
        row(out, "real logs (" + logs.size() + " files, loghub + OTRF)", String.format("%,d events, %.1f MB in %.2f s (%,.0f events/s, cold JVM paths), %,d hits, %,d suppressed %s, %,d rejected lines",
                s.events(), s.bytes() / 1e6, secs, s.events() / secs, hits.get(), s.suppressed(), warnings.suppressedCounts(), s.rejected()));
    }

    private static Path locateShared() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared").resolve("data");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static void run(Matcher m, byte[] chunk, long times, LogFormat f) throws IOException {
        for (long i = 0; i < times; i++) {
            m.process(new ByteArrayInputStream(chunk), f, "bench", p -> { });
        }
    }

    private static void row(PrintWriter out, String measure, String result) {
        out.printf("%-44s %s%n", measure, result);
        out.flush();
    }

    private static long cpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static void gc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
    }
}
