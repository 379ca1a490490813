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
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code datong import FILE... --collection C}: streams STIX bundles of any size into a collection. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import STIX 2.1 bundles or objects into a collection, streaming (any size; .gz files are"
                + " decompressed; '-' reads stdin). Shows progress on a terminal and prints a summary.",
                "Exit 0 when everything was stored or already present, 1 when objects were refused or an input"
                        + " is malformed (what was read before stays stored), 2 on usage errors or unreadable files."})
final class ImportCommand implements Callable<Integer> {
    /** Refresh the progress line every this many objects. */
    private static final long PROGRESS_EVERY = 10_000;

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
            long[] shown = {0};
            BundleImporter importer = new BundleImporter(store, collection, n -> {
                if (terminal && n - shown[0] >= PROGRESS_EVERY) {
                    shown[0] = n;
                    double s = (System.nanoTime() - started) / 1e9;
                    err.printf("\rimported %,d objects (%,.0f/s)", n, n / Math.max(s, 1e-9));
                    err.flush();
                }
            });
            for (String name : files) {
                try (InputStream in = ValidateCommand.open(name)) {
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
                err.print("\r");
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
}
