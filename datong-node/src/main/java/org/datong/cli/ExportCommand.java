package org.datong.cli;

import org.datong.stix.json.Json;
import org.datong.stix.json.JsonString;
import org.datong.store.Database;
import org.datong.store.ObjectQuery;
import org.datong.store.ObjectStore;
import org.datong.store.Page;
import org.datong.store.StoredObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/** {@code datong export --collection C}: a collection as one STIX bundle, streamed. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write the objects of a collection as a STIX 2.1 bundle, in the order they were added,"
                + " to standard output or a file. The objects are written exactly as stored.",
                "Exit 0 on success, 2 on usage errors (unknown collection, unwritable file)."})
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    NodeOptions node;

    @Option(names = "--collection", required = true, paramLabel = "C", description = "The collection to export.")
    String collection;

    @Option(names = "--type", paramLabel = "T[,T...]", description = "Only these STIX types (comma-separated).")
    List<String> typeArgs = List.of();

    /** The --type values, split here so that an empty name (a stray comma) is reported, not dropped. */
    private List<String> types = List.of();

    @Option(names = "--all-versions", description = "Every version of each object (default: the latest only).")
    boolean allVersions;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to this file instead of standard output.")
    Path output;

    /** A STIX type name (STIX 2.1 section 3.1): lowercase letters, digits and hyphens, 3 to 250 characters. */
    private static final Pattern TYPE_NAME = Pattern.compile("[a-z][a-z0-9-]{2,249}");

    @Override
    public Integer call() throws IOException {
        types = typeArgs.stream().flatMap(a -> Arrays.stream(a.split(",", -1))).toList();
        for (String t : types) {
            if (!TYPE_NAME.matcher(t).matches()) {
                throw new UsageException("--type: '" + t + "' is not a STIX type name (3-250 lowercase letters, digits"
                        + " and hyphens, such as indicator or x-acme-report)");
            }
        }
        try (Database db = node.openDatabase()) {
            ObjectStore store = ObjectStore.open(db, Clock.systemUTC());
            if (store.collection(collection).isEmpty()) {
                throw new UsageException("no collection '" + collection + "'");
            }
            if (output == null) {
                Writer w = spec.commandLine().getOut();
                long count = write(store, w);
                w.flush();
                spec.commandLine().getErr().printf("exported %,d objects from %s%n", count, collection);
            } else {
                try (OutputStream os = Files.newOutputStream(output);
                     Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16)) {
                    long count = write(store, w);
                    spec.commandLine().getErr().printf("exported %,d objects from %s to %s%n", count, collection, output);
                } catch (java.nio.file.NoSuchFileException | java.nio.file.AccessDeniedException e) {
                    throw new UsageException("cannot write " + output + ": " + e.getMessage());
                }
            }
        }
        return Main.OK;
    }

    private long write(ObjectStore store, Writer w) throws IOException {
        w.write("{\"type\":\"bundle\",\"id\":" + Json.write(new JsonString("bundle--" + UUID.randomUUID())));
        ObjectQuery q = ObjectQuery.all().withTypes(Set.copyOf(types))
                .withVersions(allVersions ? ObjectQuery.Versions.ALL : ObjectQuery.Versions.LAST);
        long count = 0;
        Page page;
        do {
            page = store.objects(collection, q);
            for (StoredObject o : page.objects()) {
                w.write(count == 0 ? ",\"objects\":[\n" : ",\n");
                w.write(o.json());
                count++;
            }
            q = q.withNext(page.next());
        } while (page.more());
        // STIX prohibits empty lists (section 2.1's list type): without objects the property is left out.
        w.write(count == 0 ? "}\n" : "\n]}\n");
        return count;
    }
}
