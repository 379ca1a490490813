package org.datong.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void helpListsTheCommandsAndExitsZero() {
        assertThat(run("--help")).isEqualTo(Main.OK);
        assertThat(out.toString()).contains("Usage: datong").contains("validate");
    }

    @Test
    void versionNamesDatongAndTheJavaRuntime() {
        assertThat(run("--version")).isEqualTo(Main.OK);
        assertThat(out.toString()).startsWith("datong ").contains("Java ");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        assertThat(run("frobnicate")).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("datong:");
    }
}
