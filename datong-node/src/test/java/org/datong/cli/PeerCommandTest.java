package org.datong.cli;

import org.datong.federation.Ed25519;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PeerCommandTest {
    private static final String KEY = Ed25519.encodePublicKey(Ed25519.generate().getPublic());

    @TempDir
    Path dir;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void addedPeerIsListedWithoutItsToken() {
        int code = run("peer", "add", "http://127.0.0.1:8081/taxii2/api/", "--partner", "beta", "--key", KEY,
                "--collections", "shared,alerts", "--inbox", "inbox", "--token", "s3cret", "--data", dir.toString());
        assertThat(code).as(err.toString()).isEqualTo(Main.OK);

        assertThat(run("peer", "list", "--data", dir.toString())).isEqualTo(Main.OK);
        assertThat(out.toString()).contains("beta").contains("http://127.0.0.1:8081/taxii2/api/")
                .contains("shared,alerts").contains("token").doesNotContain("s3cret");
    }

    @Test
    void statusOfANewPeerShowsNeverSynced() {
        run("peer", "add", "http://127.0.0.1:8081/api/", "--partner", "beta", "--key", KEY, "--inbox", "inbox",
                "--data", dir.toString());

        assertThat(run("peer", "status", "--data", dir.toString())).isEqualTo(Main.OK);
        assertThat(out.toString()).contains("beta").contains("last success:  never");
    }

    @Test
    void badKeyIsAUsageErrorWithTheReason() {
        int code = run("peer", "add", "http://127.0.0.1:8081/api/", "--partner", "beta", "--key", "AAAA",
                "--inbox", "inbox", "--data", dir.toString());

        assertThat(code).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("32 bytes").doesNotContain("Exception");
    }

    @Test
    void addingTheSamePeerTwiceIsAUsageError() {
        String[] add = {"peer", "add", "http://127.0.0.1:8081/api/", "--partner", "beta", "--key", KEY, "--inbox", "in",
                "--data", dir.toString()};
        run(add);
        assertThat(run(add)).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("already exists");
    }

    @Test
    void removingAnUnknownPeerIsANegativeAnswer() {
        assertThat(run("peer", "remove", "nobody", "--data", dir.toString())).isEqualTo(Main.NEGATIVE);
        run("peer", "add", "http://127.0.0.1:8081/api/", "--partner", "beta", "--key", KEY, "--inbox", "in",
                "--data", dir.toString());
        assertThat(run("peer", "remove", "beta", "--data", dir.toString())).isEqualTo(Main.OK);
        run("peer", "list", "--data", dir.toString());
        assertThat(out.toString()).contains("no peers");
    }

    @Test
    void aUserThatCannotOwnAnInboxOnADatongPeerIsAUsageErrorSayingWhy() {
        java.io.InputStream stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream("pw-1234567\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            int code = run("peer", "add", "http://127.0.0.1:8081/taxii2/datong/", "--partner", "beta", "--key", KEY,
                    "--inbox", "federation-inbox", "--user", "alice@example.org", "--password-stdin",
                    "--data", dir.toString());
            assertThat(code).isEqualTo(Main.USAGE);
            assertThat(err.toString()).contains("--user 'alice@example.org'").contains("federation-inbox")
                    .contains("named like a partner").doesNotContain("Exception");
            run("peer", "list", "--data", dir.toString());
            assertThat(out.toString()).contains("no peers");

            // any other TAXII server may have such accounts: pushing into its collections is allowed
            System.setIn(new java.io.ByteArrayInputStream("pw-1234567\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(run("peer", "add", "http://127.0.0.1:8082/taxii2/root/", "--partner", "gamma", "--key", KEY,
                    "--inbox", "shared", "--user", "alice@example.org", "--password-stdin", "--data", dir.toString()))
                    .as(err.toString()).isEqualTo(Main.OK);
        } finally {
            System.setIn(stdin);
        }
    }
}
