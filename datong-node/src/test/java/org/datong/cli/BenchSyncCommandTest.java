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
        int code = Main.run(new String[]{"bench", "sync", "--objects", "5", "--catch-up", "30", "--warm-up", "20"},
                new PrintWriter(out, true), new PrintWriter(err, true));

        assertThat(code).as(err.toString()).isEqualTo(Main.OK);
        assertThat(out.toString()).contains("two-hop push latency p99 (ms)")
                .containsPattern("first catch-up in this process \\(JIT compiling\\): objects\\s+20\\n")
                .containsPattern("catch-up A -> B: objects\\s+30\\n")
                .contains("  throughput (objects/s)")
                .containsPattern("  objects per CPU-second\\s+[1-9]")
                .containsPattern("  JIT compilation \\(ms\\)\\s+[0-9]")
                .contains("  CPU by thread (s):");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void noWarmUpMeansOneCatchUp() {
        StringWriter out = new StringWriter();
        int code = Main.run(new String[]{"bench", "sync", "--objects", "2", "--catch-up", "10", "--warm-up", "0"},
                new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));

        assertThat(code).isEqualTo(Main.OK);
        assertThat(out.toString()).doesNotContain("first catch-up").containsPattern("catch-up A -> B: objects\\s+10\\n");
    }

    @Test
    void badCountsAreAUsageError() {
        StringWriter err = new StringWriter();
        int code = Main.run(new String[]{"bench", "sync", "--warm-up", "-1"}, new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));
        assertThat(code).isEqualTo(Main.USAGE);
    }
}
