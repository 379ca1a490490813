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

    @Override
    public Integer call() throws Exception {
        if (objects < 1 || catchUp < 0) {
            throw new UsageException("--objects must be at least 1 and --catch-up at least 0");
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
            if (catchUp > 0) {
                SyncBench.CatchUp c = SyncBench.catchUp(work, catchUp);
                out.printf("%-44s %12d%n", "catch-up A -> B: objects", c.objects());
                out.printf("%-44s %12.1f%n", "catch-up time (s)", c.seconds());
                out.printf("%-44s %12.0f%n", "catch-up throughput (objects/s)", c.perSecond());
                out.printf("%-44s %12.1f%n", "catch-up CPU, both nodes (s)", c.cpuSeconds());
                out.printf("%-44s %12.0f%n", "catch-up objects per CPU-second", c.perCpuSecond());
                out.printf("%-44s %12d%n", "catch-up GC pauses (ms)", c.gcMillis());
                out.printf("%-44s %12d%n", "catch-up JIT compilation (ms)", c.jitMillis());
                out.printf("%s%n", "catch-up CPU by thread (s):");
                c.cpuByThread().forEach((k, v) -> out.printf("  %-42s %12.2f%n", k, v));
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
}
