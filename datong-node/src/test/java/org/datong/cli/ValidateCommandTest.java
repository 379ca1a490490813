package org.datong.cli;

import org.datong.stix.json.Json;
import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code datong validate} as the command-line contract in the BRIEF states it. */
class ValidateCommandTest {
    private static final InputStream STDIN = System.in;

    private static final String VALID = """
            {"type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d", "objects": [
              {"type": "indicator", "spec_version": "2.1", "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
               "created": "2016-04-06T20:03:48.000Z", "modified": "2016-04-06T20:03:48.000Z",
               "pattern": "[ipv4-addr:value = '198.51.100.3']", "pattern_type": "stix", "valid_from": "2016-01-01T00:00:00Z"},
              {"type": "ipv4-addr", "spec_version": "2.1", "id": "ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4", "value": "198.51.100.3"}
            ]}
            """;

    /** valid_until before valid_from, and an indicator type outside its open vocabulary. */
    private static final String INVALID = """
            {"type": "indicator", "spec_version": "2.1", "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
             "created": "2016-04-06T20:03:48.000Z", "modified": "2016-04-06T20:03:48.000Z", "indicator_types": ["c2"],
             "pattern": "[ipv4-addr:value = '198.51.100.3']", "pattern_type": "stix",
             "valid_from": "2016-01-01T00:00:00Z", "valid_until": "2015-01-01T00:00:00Z"}
            """;

    @TempDir
    Path dir;

    private StringWriter out;
    private StringWriter err;

    @AfterEach
    void restoreStdin() {
        System.setIn(STDIN);
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private String file(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p.toString();
    }

    @Test
    void validInputExitsZero() throws IOException {
        String f = file("ok.json", VALID);
        assertThat(run("validate", f)).isEqualTo(Main.OK);
        assertThat(out.toString()).contains(f + ": valid (2 objects, 0 errors, 0 warnings)");
    }

    @Test
    void invalidInputExitsOneAndNamesObjectPathRuleAndSection() throws IOException {
        String f = file("bad.json", INVALID);
        assertThat(run("validate", f)).isEqualTo(Main.NEGATIVE);
        assertThat(out.toString())
                .contains(f + ": error [timestamp-order] $.valid_until (indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f)")
                .contains("(STIX 2.1 section 4.7.1)")
                .contains(f + ": warning [open-vocabulary] $.indicator_types[0]")
                .contains(f + ": INVALID (1 object, 1 error, 1 warning)");
    }

    @Test
    void jsonOutputHasOneEntryPerInputWithTheContractsFields() throws IOException {
        String ok = file("ok.json", VALID);
        String bad = file("bad.json", INVALID);
        assertThat(run("validate", "--json", ok, bad)).isEqualTo(Main.NEGATIVE);
        JsonArray report = Json.parse(out.toString()).asArray();
        assertThat(report).hasSize(2);
        JsonObject first = report.get(0).asObject();
        assertThat(first.getString("file")).isEqualTo(ok);
        assertThat(first.getBoolean("valid", false)).isTrue();
        assertThat(first.getArray("findings")).isEmpty();
        JsonObject second = report.get(1).asObject();
        assertThat(second.getBoolean("valid", true)).isFalse();
        assertThat(second.getArray("findings")).hasSize(2);
        JsonObject finding = second.getArray("findings").stream().map(v -> v.asObject())
                .filter(x -> "error".equals(x.getString("severity"))).findFirst().orElseThrow();
        assertThat(finding.keys()).containsExactlyInAnyOrder("severity", "object_id", "path", "rule", "message", "section");
        assertThat(finding.getString("severity")).isEqualTo("error");
        assertThat(finding.getString("object_id")).isEqualTo("indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f");
        assertThat(finding.getString("path")).isEqualTo("$.valid_until");
        assertThat(finding.getString("rule")).isEqualTo("timestamp-order");
        assertThat(finding.getString("section")).isEqualTo("4.7.1");
    }

    @Test
    void validIsFalseExactlyWhenAFindingIsAnError() throws IOException {
        String warned = file("warned.json", INVALID.replace("\"2015-01-01T00:00:00Z\"", "\"2017-01-01T00:00:00Z\""));
        assertThat(run("validate", "--json", warned)).isEqualTo(Main.OK);
        JsonObject entry = Json.parse(out.toString()).asArray().get(0).asObject();
        assertThat(entry.getBoolean("valid", false)).isTrue();
        assertThat(entry.getArray("findings")).singleElement()
                .satisfies(f -> assertThat(f.asObject().getString("severity")).isEqualTo("warning"));
    }

    @Test
    void malformedJsonIsAnInvalidInputWithItsPosition() throws IOException {
        String f = file("broken.json", "{\"type\": \"bundle\", \"objects\": [\n  {\"type\": \"indicator\",, }\n]}");
        assertThat(run("validate", "--json", f)).isEqualTo(Main.NEGATIVE);
        JsonObject finding = Json.parse(out.toString()).asArray().get(0).asObject().getArray("findings").get(0).asObject();
        assertThat(finding.getString("rule")).isEqualTo("json-syntax");
        assertThat(finding.getString("message")).contains("line 2, column");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void stdinIsReadForDash() {
        System.setIn(new ByteArrayInputStream(VALID.getBytes(StandardCharsets.UTF_8)));
        assertThat(run("validate", "-")).isEqualTo(Main.OK);
        assertThat(out.toString()).contains("-: valid (2 objects");
    }

    @Test
    void gzippedFilesAreDecompressed() throws IOException {
        Path gz = dir.resolve("ok.json.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(VALID.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(run("validate", gz.toString())).isEqualTo(Main.OK);
    }

    @Test
    void aMissingFileExitsTwoButTheOtherInputsAreStillChecked() throws IOException {
        String ok = file("ok.json", VALID);
        String missing = dir.resolve("nope.json").toString();
        assertThat(run("validate", "--json", missing, ok)).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("cannot open " + missing + ": no such file");
        JsonArray report = Json.parse(out.toString()).asArray();
        assertThat(report).hasSize(2);
        assertThat(report.get(0).asObject().getBoolean("valid", true)).isFalse();
        assertThat(report.get(1).asObject().getBoolean("valid", false)).isTrue();
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("validate")).isEqualTo(Main.USAGE);
        assertThat(run("validate", "--bogus", "x.json")).isEqualTo(Main.USAGE);
        assertThat(run("validate", "-", "-")).isEqualTo(Main.USAGE);
    }

    @Test
    void invalidStixPatternsAreFindings() throws IOException {
        String f = file("pattern.json", VALID.replace("[ipv4-addr:value = '198.51.100.3']", "[ipv4-addr:value = ]"));
        assertThat(run("validate", f)).isEqualTo(Main.NEGATIVE);
        assertThat(out.toString()).contains("[indicator-pattern-syntax] $.objects[0].pattern");
    }
}
