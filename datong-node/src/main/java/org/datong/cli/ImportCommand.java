package org.datong.cli;

import org.datong.store.Database;
import org.datong.store.NoSuchCollectionException;
import org.datong.store.ObjectStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/** {@code datong import FILE... --collection C}: streams STIX bundles of any size into a collection. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import STIX 2.1 bundles or objects into a collection, streaming (any size; .gz files are"
                + " decompressed; '-' reads stdin). Shows progress on a terminal and prints a summary.",
                "Exit 0 when everything was stored or already present, 1 when objects were refused or an input"
                        + " is malformed (what was read before stays stored), 2 on usage errors or unreadable files."})
final class ImportCommand implements Callable<Integer> {
    /** Redraw the progress bar at most this often: smooth without costing the import anything. */
    private static final long PROGRESS_EVERY_NANOS = 250_000_000L;
    /** Width of the bar in characters. */
    private static final int BAR_WIDTH = 24;

    @Spec
    CommandSpec spec;
    @Mixin
    NodeOptions node;

    @Option(names = "--collection", required = true, paramLabel = "C", description = "The collection to import into.")
    String collection;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Bundles or objects to import.")
    List<String> files;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean terminal = System.console() != null;
        boolean unreadable = false;
        boolean malformed = false;
        long started = System.nanoTime();
        try (Database db = node.openDatabase()) {
            ObjectStore store = ObjectStore.open(db, Clock.systemUTC());
            if (store.collection(collection).isEmpty()) {
                throw new UsageException("no collection '" + collection + "' (create it with 'datong collection create')");
            }
            long totalBytes = totalSize(files);
            AtomicLong bytesRead = new AtomicLong();
            long[] shownAt = {started};
            BundleImporter importer = new BundleImporter(store, collection, n -> {
                long now = System.nanoTime();
                if (terminal && now - shownAt[0] >= PROGRESS_EVERY_NANOS) {
                    shownAt[0] = now;
                    err.print("\r" + progress(n, (now - started) / 1e9, bytesRead.get(), totalBytes));
                    err.flush();
                }
            });
            for (String name : files) {
                try (InputStream in = ValidateCommand.open(name, bytesRead)) {
                    String broken = importer.importStream(name, in);
                    if (broken != null) {
                        malformed = true;
                        err.println((terminal ? "\r" : "") + "datong: " + name + " is malformed, stopped reading it: "
                                + broken);
                    }
                } catch (NoSuchFileException e) {
                    err.println("datong: cannot open " + name + ": no such file");
                    unreadable = true;
                } catch (IOException e) {
                    err.println("datong: cannot read " + name + ": " + e.getMessage());
                    unreadable = true;
                } catch (NoSuchCollectionException e) {
                    throw new UsageException(e.getMessage());
                }
            }
            if (terminal) {
                err.print("\r" + " ".repeat(BAR_WIDTH + 48) + "\r");
                err.flush();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            out.printf("imported into %s: %,d stored, %,d duplicate, %,d refused (%,d objects in %.1f s)%n", collection,
                    importer.stored, importer.duplicates, importer.refused, importer.total(), seconds);
            importer.reasons.forEach((where, why) -> out.println("  refused " + where + ": " + why));
            if (importer.refused > importer.reasons.size()) {
                out.printf("  ... and %,d more refused%n", importer.refused - importer.reasons.size());
            }
            out.flush();
            if (unreadable) {
                return Main.USAGE;
            }
            return importer.refused > 0 || malformed ? Main.NEGATIVE : Main.OK;
        }
    }

    /** Total size of the input files, or -1 when one has no known size (standard input). */
    private static long totalSize(List<String> files) {
        long total = 0;
        for (String name : files) {
            try {
                if ("-".equals(name) || !Files.isRegularFile(Path.of(name))) {
                    return -1;
                }
                total += Files.size(Path.of(name));
            } catch (IOException | InvalidPathException e) {
                return -1;
            }
        }
        return total;
    }

    /**
     * The progress line: a bar of the bytes read from the input files when
     * their size is known, then the objects imported and the rate, e.g.
     * {@code [##########--------------]  42% 120,000 objects (35,210/s)}.
     */
    static String progress(long objects, double seconds, long bytesRead, long totalBytes) {
        String rate = String.format(Locale.ROOT, "%,d objects (%,.0f/s)", objects, objects / Math.max(seconds, 1e-3));
        if (totalBytes <= 0) {
            return "imported " + rate;
        }
        double done = Math.min(1.0, (double) bytesRead / totalBytes);
        int filled = (int) Math.round(done * BAR_WIDTH);
        return String.format(Locale.ROOT, "[%s%s] %3d%% %s", "#".repeat(filled), "-".repeat(BAR_WIDTH - filled),
                (int) Math.floor(done * 100), rate);
    }
}
