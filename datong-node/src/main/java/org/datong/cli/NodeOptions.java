package org.datong.cli;

import org.datong.node.DataDir;
import org.datong.node.Node;
import org.datong.node.NodeConfig;
import org.datong.store.Database;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --data DIR} and {@code --config FILE}: which node a command works on. */
final class NodeOptions {
    @Option(names = "--data", paramLabel = "DIR", description = "Data folder (default: $DATONG_DATA, else ~/.datong).")
    Path data;

    @Option(names = "--config", paramLabel = "FILE", description = "Extra configuration file (properties; see docs/NODE.md).")
    Path config;

    Path dataDir() {
        return DataDir.resolve(data);
    }

    /** The node's configuration; a bad one is a usage error. */
    NodeConfig load() {
        try {
            return NodeConfig.load(dataDir(), config);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    Database openDatabase() {
        return Node.openDatabase(load());
    }
}
