package org.datong.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PatternCommandTest {
    private static final InputStream STDIN = System.in;

    /** A STIX 2.1 bundle: one observed-data referring to a network-traffic and two addresses. */
    private static final String BUNDLE = """
            {"type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d", "objects": [
              {"type": "observed-data", "spec_version": "2.1", "id": "observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf",
               "created": "2016-04-06T19:58:16.000Z", "modified": "2016-04-06T19:58:16.000Z",
               "first_observed": "2015-12-21T19:00:00Z", "last_observed": "2015-12-21T19:00:00Z", "number_observed": 1,
               "object_refs": ["network-traffic--2568d22a-8998-58eb-99ec-3c8ca74f527d",
                               "ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd", "ipv4-addr--ee26c055-6336-5bc5-b98d-13d6226742dd"]},
              {"type": "network-traffic", "spec_version": "2.1", "id": "network-traffic--2568d22a-8998-58eb-99ec-3c8ca74f527d",
               "src_ref": "ipv4-addr--ee26c055-6336-5bc5-b98d-13d6226742dd", "dst_ref": "ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd",
               "dst_port": 443, "protocols": ["ipv4", "tcp"]},
              {"type": "ipv4-addr", "spec_version": "2.1", "id": "ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd", "value": "198.51.100.3"},
              {"type": "ipv4-addr", "spec_version": "2.1", "id": "ipv4-addr--ee26c055-6336-5bc5-b98d-13d6226742dd", "value": "10.0.0.7"}
            ]}
            """;

    @TempDir
    Path dir;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    @AfterEach
    void restoreStdin() {
        System.setIn(STDIN);
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private int runWithStdin(String stdin, String... args) {
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        return run(args);
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void validatePrintsValidAndExitsZero() {
        assertThat(run("pattern", "validate", "[ipv4-addr:value = '198.51.100.1']")).isEqualTo(Main.OK);
        assertThat(out.toString()).isEqualTo("valid" + System.lineSeparator());
    }

    @Test
    void validatePrintsTheReasonWithItsPositionAndExitsOne() {
        assertThat(run("pattern", "validate", "[file:size = 'big']")).isEqualTo(Main.NEGATIVE);
        assertThat(out.toString()).startsWith("invalid: 1:14: ").contains("file:size is an integer");
    }

    @Test
    void validateReadsOnePatternPerLineFromStdinInOrder() {
        int code = runWithStdin("[file:name = 'a']\n\n[file:name = ]\n[foo-bar:value = 'x']\n", "pattern", "validate");
        assertThat(code).isEqualTo(Main.NEGATIVE);
        var lines = out.toString().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("valid");
        assertThat(lines.get(1)).startsWith("invalid: 1:14: unexpected ']'");
        assertThat(lines.get(2)).isEqualTo("valid");
        assertThat(err.toString()).contains("warning: pattern 3 at 1:2: unknown object type 'foo-bar'");
    }

    @Test
    void validateJsonListsEveryProblem() {
        assertThat(run("pattern", "validate", "--json", "[foo-bar:value = 'x'] WITHIN 0 SECONDS")).isEqualTo(Main.NEGATIVE);
        assertThat(out.toString()).contains("\"valid\" : false").contains("\"severity\" : \"warning\"")
                .contains("\"severity\" : \"error\"").contains("\"column\" : 23");
    }

    @Test
    void validateWithoutAnyPatternIsAUsageError() {
        assertThat(runWithStdin("\n", "pattern", "validate")).isEqualTo(Main.USAGE);
    }

    @Test
    void matchPrintsTrueAndExitsZeroOnAMatch() throws IOException {
        Path bundle = write("bundle.json", BUNDLE);
        assertThat(run("pattern", "match", "--pattern", "[network-traffic:dst_ref.value = '198.51.100.3' AND network-traffic:dst_port = 443]",
                bundle.toString())).isEqualTo(Main.OK);
        assertThat(out.toString()).isEqualTo("true" + System.lineSeparator());
    }

    @Test
    void matchPrintsFalseAndExitsOneOnNoMatch() throws IOException {
        Path bundle = write("bundle.json", BUNDLE);
        assertThat(run("pattern", "match", "--pattern", "[ipv4-addr:value = '198.51.100.4']", bundle.toString())).isEqualTo(Main.NEGATIVE);
        assertThat(out.toString()).isEqualTo("false" + System.lineSeparator());
    }

    @Test
    void matchExitsTwoOnABadPatternOrATypeMismatch() throws IOException {
        Path bundle = write("bundle.json", BUNDLE);
        assertThat(run("pattern", "match", "--pattern", "[ipv4-addr:value = ", bundle.toString())).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("1:20: unexpected end of pattern");
        assertThat(run("pattern", "match", "--pattern", "[network-traffic:dst_ref.value > 5]", bundle.toString())).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("type mismatch").doesNotContain("Exception");
    }

    @Test
    void matchExitsTwoOnAnUnreadableOrBrokenBundle() throws IOException {
        assertThat(run("pattern", "match", "--pattern", "[ipv4-addr:value = '1.2.3.4']", dir.resolve("none.json").toString()))
                .isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("no such file");
        Path broken = write("broken.json", "{\"type\": \"bundle\", \"objects\": [");
        assertThat(run("pattern", "match", "--pattern", "[ipv4-addr:value = '1.2.3.4']", broken.toString())).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("not valid JSON at line 1");
    }

    @Test
    void matchWithAPatternsFilePrintsOneLinePerPatternInOrder() throws IOException {
        Path bundle = write("bundle.json", BUNDLE);
        Path patterns = write("patterns.txt", """
                [ipv4-addr:value = '10.0.0.7']
                [ipv4-addr:value = '10.0.0.8']

                [ipv4-addr:value ISSUBSET '198.51.100.0/24']
                [ipv4-addr:value = ]
                [network-traffic:dst_port = '443']
                """);
        assertThat(run("pattern", "match", "--patterns", patterns.toString(), bundle.toString())).isEqualTo(Main.OK);
        var lines = out.toString().lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.subList(0, 3)).containsExactly("true", "false", "true");
        assertThat(lines.get(3)).startsWith("error: 1:20: unexpected");
        assertThat(lines.get(4)).startsWith("error: 1:29: ").contains("cannot be compared");
    }

    @Test
    void matchNeedsExactlyOneOfPatternAndPatterns() throws IOException {
        Path bundle = write("bundle.json", BUNDLE);
        assertThat(run("pattern", "match", bundle.toString())).isEqualTo(Main.USAGE);
        assertThat(run("pattern", "match", "--pattern", "[a:b = 1]", "--patterns", "x", bundle.toString())).isEqualTo(Main.USAGE);
    }

    @Test
    void datongValidateFlagsAnIndicatorWithAnInvalidStixPattern() throws IOException {
        Path file = write("indicator.json", """
                {"type": "indicator", "spec_version": "2.1", "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                 "created": "2016-04-06T20:03:48.000Z", "modified": "2016-04-06T20:03:48.000Z",
                 "pattern": "[file:hashes.MD5 = 'abc' AND]", "pattern_type": "stix", "valid_from": "2016-01-01T00:00:00Z"}
                """);
        assertThat(run("validate", "--json", file.toString())).isEqualTo(Main.NEGATIVE);
        assertThat(out.toString()).contains("indicator-pattern-syntax").contains("1:29: unexpected");
    }
}
