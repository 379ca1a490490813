package org.datong.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.datong.demo.Demo;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code datong demo}: three nodes on this machine play a sharing scenario
 * under policy, with signatures, ledgers and a sighting flowing back.
 */
@Command(name = "demo",
        description = {"Start three nodes on localhost and play a sharing scenario.",
                "Shows what each node received, what was redacted, denied or held for review and why,",
                "ledger verification, and a sighting flowing back to the producer.",
                "Runs until Ctrl-C, or exits after the scenario with --once."})
public final class DemoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--once", description = "Play the scenario, print the summary and exit (0 when everything it shows worked).")
    boolean once;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Keep the nodes' data folders here (default: a new temporary folder).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path root = dir != null ? dir.toAbsolutePath() : Files.createTempDirectory("datong-demo-");
        if (dir != null) {
            Files.createDirectories(root);
            try (var entries = Files.list(root)) {
                if (entries.findAny().isPresent()) {
                    throw new UsageException("--dir " + root + " is not empty; give a new or empty folder");
                }
            }
        }
        quietNodeLogs();
        CountDownLatch stopped = new CountDownLatch(1);
        try (Demo demo = new Demo(root, out, Clock.systemUTC())) {
            demo.start();
            Demo.Summary summary = demo.play();
            demo.print(summary);
            boolean ok = Demo.succeeded(summary);
            if (once) {
                return ok ? Main.OK : Main.NEGATIVE;
            }
            out.println();
            out.println("The nodes keep running; press Ctrl-C to stop them.");
            out.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                demo.close();
                stopped.countDown();
            }, "datong-demo-stop"));
            stopped.await();
            return Main.OK;
        } finally {
            if (dir == null && once) {
                deleteQuietly(root);
            }
        }
    }

    private static void deleteQuietly(Path root) {
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a temporary folder; the OS cleans what is left
                }
            });
        } catch (IOException ignored) {
            // as above
        }
    }

    /**
     * The demo narrates what the nodes do on standard output; their own start and stop lines
     * would interleave with it, so Datong's loggers report only warnings and errors here
     * unless the operator asked for a level with DATONG_LOG_LEVEL.
     */
    private static void quietNodeLogs() {
        if (System.getenv("DATONG_LOG_LEVEL") == null
                && LoggerFactory.getLogger("org.datong") instanceof Logger logger) {
            logger.setLevel(Level.WARN);
        }
    }
}
