package org.datong.cli;

import org.datong.store.Database;

import java.nio.file.Path;

/** Where a node keeps its database inside its data folder, for commands that work on a stopped node. */
final class NodeFiles {
    /** The embedded database file in the data folder. */
    static final String DATABASE_FILE = "datong.db";

    private NodeFiles() {
    }

    static Database openDatabase(Path dataDir) {
        return Database.sqlite(dataDir.resolve(DATABASE_FILE));
    }
}
