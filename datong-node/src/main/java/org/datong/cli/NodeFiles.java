package org.datong.cli;

import org.datong.node.Node;
import org.datong.node.NodeConfig;
import org.datong.store.Database;

import java.nio.file.Path;

/** Opens the database of a node's data folder (SQLite there, or PostgreSQL when its datong.properties says so). */
final class NodeFiles {
    private NodeFiles() {
    }

    static Database openDatabase(Path dataDir) {
        try {
            return Node.openDatabase(NodeConfig.load(dataDir, null));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
