package org.datong.cli;

import org.datong.federation.NodeIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class InitCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void initCreatesAnIdentityAndPrintsItsPublicKey() {
        int code = run("init", "--data", dir.toString(), "--name", "CERT Alpha", "--jurisdiction", "CN");

        assertThat(code).isEqualTo(Main.OK);
        NodeIdentity me = NodeIdentity.load(dir);
        assertThat(out.toString()).contains(me.id()).contains(me.publicKeyText()).contains("CN");
    }

    @Test
    void initTwiceIsAUsageErrorAndKeepsTheFirstIdentity() {
        run("init", "--data", dir.toString(), "--name", "CERT Alpha");
        String first = NodeIdentity.load(dir).id();

        int code = run("init", "--data", dir.toString(), "--name", "CERT Beta");

        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("never replaced");
        assertThat(NodeIdentity.load(dir).id()).isEqualTo(first);
    }

    @Test
    void badJurisdictionIsAUsageError() {
        int code = run("init", "--data", dir.toString(), "--name", "CERT Alpha", "--jurisdiction", "Mars");

        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("two-letter").doesNotContain("Exception");
    }
}
