package org.datong.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class BenchSyncCommandTest {
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void benchSyncMovesEveryObjectAndPrintsTheTable() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[]{"bench", "sync", "--objects", "5", "--catch-up", "30"},
                new PrintWriter(out, true), new PrintWriter(err, true));

        assertThat(code).as(err.toString()).isEqualTo(Main.OK);
        assertThat(out.toString()).contains("two-hop push latency p99 (ms)")
                .containsPattern("catch-up A -> B: objects\\s+30")
                .contains("catch-up throughput (objects/s)")
                .containsPattern("catch-up objects per CPU-second\\s+[1-9]")
                .containsPattern("catch-up JIT compilation \\(ms\\)\\s+[0-9]")
                .contains("catch-up CPU by thread (s):");
    }

    @Test
    void badCountsAreAUsageError() {
        StringWriter err = new StringWriter();
        int code = Main.run(new String[]{"bench", "sync", "--objects", "0"}, new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));
        assertThat(code).isEqualTo(Main.USAGE);
    }
}
