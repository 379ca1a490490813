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

/** {@code datong collection create|list}: the collections a node serves over TAXII. */
@Command(name = "collection", mixinStandardHelpOptions = true, description = "Manage the collections of a node.",
        subcommands = {CollectionCommand.Create.class, CollectionCommand.ListCollections.class})
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
                    out.printf("%s\t%d\t%s\treaders=%s\twriters=%s%s%n", c.id(), store.count(c.id()), c.title(),
                            String.join(",", c.readers()), String.join(",", c.writers()),
                            c.anonymousRead() ? "\tanonymous-read" : "");
                }
            }
            return Main.OK;
        }
    }
}
