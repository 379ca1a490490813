package org.datong.cli;

import org.datong.store.Database;
import org.datong.store.ObjectStore;
import org.datong.store.StoredCollection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

/** {@code datong collection create|set|list}: the collections a node serves over TAXII. */
@Command(name = "collection", mixinStandardHelpOptions = true, description = "Manage the collections of a node.",
        subcommands = {CollectionCommand.Create.class, CollectionCommand.SetAccess.class,
                CollectionCommand.ListCollections.class})
final class CollectionCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create a collection and print its id.", "Exit 2 when the id is taken or malformed."})
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        NodeOptions node;

        @Parameters(index = "0", paramLabel = "TITLE", description = "Human-readable title.")
        String title;

        @Option(names = "--id", paramLabel = "ID", description = "Collection id (default: a new UUID).")
        String id;

        @Option(names = "--description", paramLabel = "TEXT", description = "Description.")
        String description;

        @Option(names = "--readers", split = ",", paramLabel = "U", description = "Users or group:NAME that may read.")
        List<String> readers = List.of();

        @Option(names = "--writers", split = ",", paramLabel = "U", description = "Users or group:NAME that may write.")
        List<String> writers = List.of();

        @Option(names = "--anonymous-read", description = "Let anyone read without credentials.")
        boolean anonymousRead;

        @Override
        public Integer call() {
            String collectionId = id != null ? id : UUID.randomUUID().toString();
            try (Database db = node.openDatabase()) {
                ObjectStore.open(db, Clock.systemUTC()).createCollection(new StoredCollection(collectionId, title,
                        description, null, readers, writers, anonymousRead));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            spec.commandLine().getOut().println(collectionId);
            return Main.OK;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Change who may use a collection: each option given replaces that right"
                    + " (--readers '' leaves no reader); the others stay. A running node applies the change"
                    + " from its next request. Prints the collection as 'list' does.",
                    "Exit 2 when the collection does not exist or a name is empty."})
    static final class SetAccess implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        NodeOptions node;

        @Parameters(index = "0", paramLabel = "ID", description = "The collection id.")
        String id;

        @Option(names = "--readers", paramLabel = "U[,U...]", description = "Users or group:NAME that may read.")
        String readers;

        @Option(names = "--writers", paramLabel = "U[,U...]", description = "Users or group:NAME that may write.")
        String writers;

        @Option(names = "--anonymous-read", negatable = true,
                description = "Let anyone read without credentials (--no-anonymous-read to stop it).")
        Boolean anonymousRead;

        @Override
        public Integer call() {
            if (readers == null && writers == null && anonymousRead == null) {
                throw new UsageException("nothing to change: give --readers, --writers or --[no-]anonymous-read");
            }
            try (Database db = node.openDatabase()) {
                ObjectStore store = ObjectStore.open(db, Clock.systemUTC());
                StoredCollection c = store.collection(id)
                        .orElseThrow(() -> new UsageException("no collection '" + id + "'"));
                StoredCollection changed = store.setAccess(id, readers == null ? c.readers() : names(readers),
                        writers == null ? c.writers() : names(writers),
                        anonymousRead == null ? c.anonymousRead() : anonymousRead);
                print(spec.commandLine().getOut(), store, changed);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            return Main.OK;
        }

        /** A comma-separated list; empty text is no one, an empty name inside is reported by the store. */
        private static List<String> names(String csv) {
            return csv.isEmpty() ? List.of() : List.of(csv.split(",", -1)).stream().map(String::strip).toList();
        }
    }

    static void print(PrintWriter out, ObjectStore store, StoredCollection c) {
        out.printf("%s\t%d\t%s\treaders=%s\twriters=%s%s%n", c.id(), store.count(c.id()), c.title(),
                String.join(",", c.readers()), String.join(",", c.writers()),
                c.anonymousRead() ? "\tanonymous-read" : "");
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List collections: id, object versions, title, readers, writers.")
    static final class ListCollections implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        NodeOptions node;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Database db = node.openDatabase()) {
                ObjectStore store = ObjectStore.open(db, Clock.systemUTC());
                for (StoredCollection c : store.collections()) {
                    print(out, store, c);
                }
            }
            return Main.OK;
        }
    }
}
