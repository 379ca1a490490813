package org.datong.cli;

import org.datong.node.Node;
import org.datong.node.NodeConfig;
import org.datong.store.Database;

import java.nio.file.Path;

/** Where a node keeps its database inside its data folder, for commands that work on a stopped node. */
final class NodeFiles {
    /** The embedded database file in the data folder. */
    static final String DATABASE_FILE = NodeConfig.DATABASE_FILE;

    private NodeFiles() {
    }

    /** The node's database as its configuration in the data folder names it (SQLite by default). */
    static Database openDatabase(Path dataDir) {
        return openDatabase(dataDir, null);
    }

    /** The node's database as the data folder's configuration and an optional --config file name it. */
    static Database openDatabase(Path dataDir, Path configFile) {
        NodeConfig config;
        try {
            config = NodeConfig.load(dataDir, configFile);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return Node.openDatabase(config);
    }
}
