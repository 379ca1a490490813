package org.datong.node;

import java.nio.file.Path;

/**
 * The one place that decides where a node keeps its files when a command is
 * not told explicitly: {@code --data DIR}, else the {@code DATONG_DATA}
 * environment variable, else {@code ~/.datong}.
 */
public final class DataDir {
    /** The environment variable that names the data folder. */
    public static final String ENV = "DATONG_DATA";

    private DataDir() {
    }

    /** Resolves the data folder from an explicit option (may be null) and the environment. */
    public static Path resolve(Path explicit) {
        if (explicit != null) {
            return explicit.toAbsolutePath().normalize();
        }
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath().normalize();
        }
        return Path.of(System.getProperty("user.home"), ".datong");
    }
}
