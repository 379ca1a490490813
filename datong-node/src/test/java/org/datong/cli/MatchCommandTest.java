package org.datong.cli;

import org.datong.detect.node.DetectInputs;
import org.datong.stix.SharedData;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class MatchCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "match";
        all[1] = "--data";
        all[2] = dir.resolve("node").toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return Main.run(all, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    private List<JsonObject> sightings() {
        return out.toString().lines().map(Json::parseObject).toList();
    }

    @Test
    void writesOneSightingLinePerIndicatorAndValueWithTheMatchedValue() throws IOException {
        Path list = write("bad.txt", "# bad things\n45.155.205.7\n*.evil-c2.net\n");
        Path log = dir.resolve("app.jsonl.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(log))) {
            o.write(("""
                    {"@timestamp":"2026-02-01T10:00:00Z","source":{"ip":"45.155.205.7"}}
                    {"@timestamp":"2026-02-01T10:00:30Z","source":{"ip":"45.155.205.7"}}
                    {"@timestamp":"2026-02-01T10:01:00Z","dns":{"question":{"name":"c2.Evil-C2.net"}}}
                    {"@timestamp":"2026-02-01T10:01:00Z","dns":{"question":{"name":"fine.example.org"}}}
                    """).getBytes(StandardCharsets.UTF_8));
        }
        int code = run("--indicators", list.toString(), "--identity", "identity--33333333-3333-4333-8333-333333333333", log.toString());
        assertThat(code).as(err.toString()).isEqualTo(Main.OK);
        List<JsonObject> s = sightings();
        assertThat(s).hasSize(2);
        JsonObject ip = s.stream().filter(o -> o.toString().contains("45.155.205.7")).findFirst().orElseThrow();
        assertThat(ip.getString("type")).isEqualTo("sighting");
        assertThat(ip.get("count").toString()).isEqualTo("2");
        assertThat(ip.getString("first_seen")).isEqualTo("2026-02-01T10:00:00.000Z");
        assertThat(ip.getString("last_seen")).isEqualTo("2026-02-01T10:00:30.000Z");
        assertThat(ip.getStrings("where_sighted_refs")).containsExactly("identity--33333333-3333-4333-8333-333333333333");
        assertThat(ip.getArray("x_datong_observed_data").get(1).toString()).contains("\"value\":\"45.155.205.7\"");
        assertThat(s).anySatisfy(o -> assertThat(o.toString()).contains("c2.evil-c2.net"));
    }

    @Test
    void stixIndicatorFilesAndStatsWork() throws IOException {
        Path bundle = write("ind.json", """
                {"type":"bundle","id":"bundle--00000000-0000-4000-8000-000000000001","objects":[
                 {"type":"indicator","spec_version":"2.1","id":"indicator--00000000-0000-4000-8000-000000000001",
                  "created":"2026-01-01T00:00:00Z","modified":"2026-01-01T00:00:00Z","valid_from":"2026-01-01T00:00:00Z",
                  "pattern_type":"stix","pattern":"[url:value = 'http://evil.example/dl.exe']"}]}
                """);
        Path log = write("proxy.log", "2026-02-01 GET HTTP://EVIL.example:80/./dl.exe 200\n");
        int code = run("--indicators", bundle.toString(), "--stats", log.toString());
        assertThat(code).isEqualTo(Main.OK);
        assertThat(sightings()).singleElement().satisfies(o ->
                assertThat(o.getString("sighting_of_ref")).isEqualTo("indicator--00000000-0000-4000-8000-000000000001"));
        assertThat(err.toString()).contains("events/s").contains("suppressed").contains("B/entry");
    }

    @Test
    void noHitIsExitOneAndWarnedHitsAreCounted() throws IOException {
        Path list = write("l.txt", "10.0.0.1\n");
        Path log = write("a.log", "from 10.0.0.1 to 192.0.2.1\n");
        assertThat(run("--indicators", list.toString(), "--stats", log.toString())).isEqualTo(Main.NEGATIVE);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("suppressed   1");
    }

    @Test
    void missingFilesAndBadOptionsAreUsageErrors() throws IOException {
        Path list = write("l.txt", "198.51.100.7\n");
        assertThat(run("--indicators", list.toString(), dir.resolve("missing.log").toString())).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("missing.log: no such file");
        assertThat(run("x.log")).isEqualTo(Main.USAGE);
        assertThat(run("--indicators", dir.resolve("missing.txt").toString(), dir.resolve("missing.log").toString()))
                .isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("missing.txt: no such file").doesNotContain("internal error");
        assertThat(run("--indicators", dir.toString(), dir.resolve("missing.log").toString())).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("cannot read indicators " + dir);
        assertThat(run("--indicators", list.toString(), "--window", "soon", "x.log")).isEqualTo(Main.USAGE);
        for (String w : new String[]{"PT0S", "-PT1H", "0s"}) {
            assertThat(run("--indicators", list.toString(), "--window", w, "x.log")).as(w).isEqualTo(Main.USAGE);
        }
        assertThat(err.toString()).contains("--window: 'PT0S' is not a positive duration");
    }

    @Test
    void aSyslogFileWithoutPriGivesSightingsAtTheTimesOfItsLinesAndSkipsRevokedIndicators() throws IOException {
        Path bundle = write("ind.json", """
                [{"type":"indicator","spec_version":"2.1","id":"indicator--00000000-0000-4000-8000-000000000001",
                  "created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z","valid_from":"2026-01-01T00:00:00Z",
                  "pattern_type":"stix","pattern":"[ipv4-addr:value = '45.155.205.7']"},
                 {"type":"indicator","spec_version":"2.1","id":"indicator--00000000-0000-4000-8000-000000000002",
                  "created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z","valid_from":"2026-01-01T00:00:00Z",
                  "revoked":true,"pattern_type":"stix","pattern":"[ipv4-addr:value = '45.155.205.8']"}]
                """);
        java.time.ZonedDateTime t = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).minusDays(2).withNano(0);
        String stamp = String.format(java.util.Locale.ROOT, "%tb %2d %tT", t, t.getDayOfMonth(), t);
        Path log = write("auth.log", stamp + " bastion sshd[24200]: Failed password for root from 45.155.205.7 port 22 ssh2\n"
                + stamp + " bastion sshd[24201]: Failed password for root from 45.155.205.8 port 22 ssh2\n");
        assertThat(run("--indicators", bundle.toString(), log.toString())).as(err.toString()).isEqualTo(Main.OK);
        assertThat(sightings()).singleElement().satisfies(o -> {
            assertThat(o.getString("sighting_of_ref")).isEqualTo("indicator--00000000-0000-4000-8000-000000000001");
            assertThat(o.getString("first_seen")).isEqualTo(org.datong.stix.Timestamp.of(t.toInstant()).text());
        });
        assertThat(err.toString()).contains("skipped 1 revoked or expired");
    }

    @Test
    void realBlocklistAgainstRealLogsFindsTheKnownOverlap() {
        Path ipsum = SharedData.require("ipsum/ipsum.txt.gz");
        Path ssh = SharedData.require("loghub-2k/OpenSSH_2k.log");
        int code = run("--indicators", ipsum.toString(), ssh.toString());
        assertThat(code).as(err.toString()).isEqualTo(Main.OK);
        // an address of the OpenSSH log that the ipsum feed lists (checked by hand with grep)
        assertThat(out.toString()).contains("\"value\":\"1.237.174.253\"");
    }

    @Test
    void manyRejectedIndicatorsAreQuotedUpToALimitAndCountedAndNeverMatchingOnesAreNamed() throws IOException {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < 50; i++) {
            b.append(String.format(java.util.Locale.ROOT, """
                    {"type":"indicator","spec_version":"2.1","id":"indicator--00000000-0000-4000-8000-0000000001%02d",
                     "created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z","valid_from":"2026-01-01T00:00:00Z",
                     "pattern_type":"stix","pattern":"[ipv4-addr:value = '45.155.205.%d' AND network-traffic:dst_port = '443']"},""", i, i));
        }
        b.append("""
                {"type":"indicator","spec_version":"2.1","id":"indicator--00000000-0000-4000-8000-000000000201",
                 "created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z","valid_from":"2026-01-01T00:00:00Z",
                 "pattern_type":"stix","pattern":"[ipv4-addr:value = '45.155.205.99' AND network-traffic:dst_port = 443]"}]""");
        Path bundle = write("sslbl.json", b.toString());
        Path log = write("a.log", "to 45.155.205.99 port 443\n");
        assertThat(run("--indicators", bundle.toString(), log.toString())).isEqualTo(Main.NEGATIVE);
        assertThat(err.toString().lines().filter(l -> l.contains(": rejected indicator--")).count())
                .isEqualTo(DetectInputs.QUOTED_PROBLEMS);
        assertThat(err.toString()).contains("50 indicators rejected in all (first " + DetectInputs.QUOTED_PROBLEMS + " shown)")
                .contains("1 indicators have a pattern that can never match")
                .contains("indicator--00000000-0000-4000-8000-000000000201: this observation can never match");
    }
}
