package org.datong.cli;

import org.datong.federation.SyncBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code datong bench sync}: two-hop push latency and two-node catch-up throughput on real nodes. */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = {"Measure federation sync on real nodes in a temporary folder (loopback HTTP, SQLite, policy, signatures):",
                "propagation latency A -> B -> C in push mode, and catch-up throughput between two nodes."})
final class BenchSyncCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--objects", paramLabel = "N", description = "Objects published one by one for the latency run (default ${DEFAULT-VALUE}).")
    int objects = 1000;

    @Option(names = "--catch-up", paramLabel = "N", description = "Objects for the catch-up run (default ${DEFAULT-VALUE}; 0 skips it).")
    int catchUp = 100_000;

    @Option(names = "--warm-up", paramLabel = "N",
            description = {"Objects for a first catch-up between another pair of nodes before the measured one",
                    "(default ${DEFAULT-VALUE}; 0 skips it). A node that has been running has its sync path compiled;",
                    "a fresh process spends seconds of CPU compiling it, so both figures are printed."})
    int warmUp = 20_000;

    @Override
    public Integer call() throws Exception {
        if (objects < 1 || catchUp < 0 || warmUp < 0) {
            throw new UsageException("--objects must be at least 1, --catch-up and --warm-up at least 0");
        }
        PrintWriter out = spec.commandLine().getOut();
        Path work = Files.createTempDirectory("datong-bench-sync");
        try {
            SyncBench.Latency l = SyncBench.twoHopLatency(work, objects);
            out.printf("%-44s %12s%n", "measure", "value");
            out.printf("%-44s %12d%n", "two-hop push (A -> B -> C): objects", l.objects());
            out.printf("%-44s %12.1f%n", "two-hop push latency p50 (ms)", l.p50Millis());
            out.printf("%-44s %12.1f%n", "two-hop push latency p99 (ms)", l.p99Millis());
            out.printf("%-44s %12.1f%n", "two-hop push latency max (ms)", l.maxMillis());
            out.flush();
            if (catchUp > 0 && warmUp > 0) {
                print(out, "first catch-up in this process (JIT compiling)", SyncBench.catchUp(work, "warm-up", warmUp));
            }
            if (catchUp > 0) {
                print(out, "catch-up A -> B", SyncBench.catchUp(work, "measured", catchUp));
            }
            out.flush();
            return Main.OK;
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary folder left behind is harmless
            }
        }
    }

    private static void print(PrintWriter out, String label, SyncBench.CatchUp c) {
        out.printf("%-44s %12d%n", label + ": objects", c.objects());
        out.printf("%-44s %12.1f%n", "  time (s)", c.seconds());
        out.printf("%-44s %12.0f%n", "  throughput (objects/s)", c.perSecond());
        out.printf("%-44s %12.1f%n", "  CPU, both nodes (s)", c.cpuSeconds());
        out.printf("%-44s %12.0f%n", "  objects per CPU-second", c.perCpuSecond());
        out.printf("%-44s %12d%n", "  GC pauses (ms)", c.gcMillis());
        out.printf("%-44s %12d%n", "  JIT compilation (ms)", c.jitMillis());
        out.printf("%s%n", "  CPU by thread (s):");
        c.cpuByThread().forEach((k, v) -> out.printf("    %-40s %12.2f%n", k, v));
        out.flush();
    }
}
