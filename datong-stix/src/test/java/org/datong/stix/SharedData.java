package org.datong.stix;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the shared real-world data ({@code ../shared/data} beside the
 * repository). Tests that need it call {@link #require(String)}, which skips
 * the test with a plain message when the data is absent (a user's clone has
 * none) and returns the path when present (in CI).
 */
public final class SharedData {
    private SharedData() {
    }

    /** The shared folder, or null when it cannot be found. */
    public static Path root() {
        String prop = System.getProperty("datong.shared");
        if (prop != null && Files.isDirectory(Path.of(prop))) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared");
            if (Files.isDirectory(candidate.resolve("data"))) {
                return candidate;
            }
        }
        return null;
    }

    /** A path under the shared data folder; skips the calling test when it is absent. */
    public static Path require(String relative) {
        Path root = root();
        Assumptions.assumeTrue(root != null, "../shared/data is absent: skipping a test that reads real-world data");
        Path p = root.resolve("data").resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), "shared data " + p + " is absent: skipping");
        return p;
    }

    /** A path under the shared reference folder; skips the calling test when it is absent. */
    public static Path reference(String relative) {
        Path root = root();
        Assumptions.assumeTrue(root != null, "../shared/reference is absent: skipping");
        Path p = root.resolve("reference").resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), "shared reference " + p + " is absent: skipping");
        return p;
    }
}
