package org.datong.stix;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 1 GiB bundle validates in a JVM limited to a 256 MiB heap: the reader
 * holds one object at a time and findings stream out. Runs the
 * {@link StreamingProbe} in a separate JVM, so the limit is real.
 */
class BoundedMemoryTest {
    /** The size the specification of the streaming requirement names. */
    private static final long ONE_GIB = 1L << 30;
    private static final String HEAP = "-Xmx256m";
    /** Generous bound for a loaded two-core machine; about 30 s when idle. */
    private static final long TIMEOUT_SECONDS = 300;

    @Test
    void validatesAOneGibBundleWithA256MibHeap() throws IOException, InterruptedException {
        long bytes = Long.getLong("datong.streaming.bytes", ONE_GIB);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, HEAP, "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), StreamingProbe.class.getName(), Long.toString(bytes)))
                .redirectErrorStream(true).start();
        boolean finished = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly();
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(finished).as("finished within %d s", TIMEOUT_SECONDS).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        String[] f = output.lines().reduce((a, b) -> b).orElseThrow().split(" ");
        long objects = Long.parseLong(f[0]);
        assertThat(objects).as("every object generated was read").isEqualTo(Long.parseLong(f[4]));
        assertThat(objects).isGreaterThan(bytes / 400);
        assertThat(Long.parseLong(f[1])).as("errors").isZero();
        assertThat(Long.parseLong(f[2])).as("warnings").isEqualTo(Long.parseLong(f[3])).isPositive();
    }
}
