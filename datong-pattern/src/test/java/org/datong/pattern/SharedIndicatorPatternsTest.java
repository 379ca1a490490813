package org.datong.pattern;

import org.datong.stix.SharedData;
import org.datong.stix.StixReader;
import org.datong.stix.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every STIX indicator pattern in the shared real-world bundles reads, round-trips and agrees with the grammar. */
class SharedIndicatorPatternsTest {

    private static List<String> patterns(Path folder) throws IOException {
        List<String> out = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(folder)) {
            files = s.filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".json.gz")).sorted().toList();
        }
        for (Path f : files) {
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(f));
                 InputStream in = f.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
                 StixReader r = StixReader.open(in)) {
                for (StixReader.Item item = r.next(); item != null; item = r.next()) {
                    if (item instanceof StixReader.Element e && e.object() instanceof JsonObject o
                            && "indicator".equals(o.getString("type")) && o.getString("pattern") != null
                            && (o.getString("pattern_type") == null || "stix".equals(o.getString("pattern_type")))) {
                        out.add(o.getString("pattern"));
                    }
                }
            }
        }
        return out;
    }

    private static List<String> failures(List<String> patterns) {
        List<String> failures = new ArrayList<>();
        for (String text : patterns) {
            try {
                Pattern p = Patterns.parse(text);
                assertThat(Patterns.parse(Patterns.print(p))).isEqualTo(p);
                assertThat(AntlrParser.parse(text).root()).isEqualTo(p.root());
            } catch (PatternException e) {
                failures.add(text + " -> " + e.getMessage());
            }
        }
        return failures;
    }

    @Test
    void oasisAndOpenctiExamplePatternsAllRead() throws IOException {
        List<String> all = new ArrayList<>(patterns(SharedData.require("oasis-cti-examples")));
        all.addAll(patterns(SharedData.require("opencti-test-bundles")));
        assertThat(all).hasSizeGreaterThan(40);
        assertThat(failures(all)).isEmpty();
    }

    @Test
    void abuseChCertificatePatternsReduceAndPortStringsAreRejectedAsTypeErrors() throws IOException {
        List<String> all = patterns(SharedData.require("feeds2stix-abusech-sslbl"));
        assertThat(all).hasSizeGreaterThan(8_000);
        // feeds2stix writes ports as strings: network-traffic:dst_port = '443', an integer property
        // compared with a string constant, which can never match (STIX 2.1 section 9.6.1)
        List<String> portStrings = all.stream().filter(p -> p.contains("dst_port = '")).toList();
        List<String> rest = all.stream().filter(p -> !p.contains("dst_port = '")).toList();
        assertThat(portStrings).hasSizeGreaterThan(8_000);
        assertThat(failures(portStrings)).hasSameSizeAs(portStrings)
                .allSatisfy(f -> assertThat(f).contains("network-traffic:dst_port is an integer, so it cannot be compared (=) with a string"));
        assertThat(rest).hasSizeGreaterThanOrEqualTo(100);
        assertThat(failures(rest)).isEmpty();
        assertThat(rest.stream().map(Patterns::parse).map(Patterns::extract))
                .allSatisfy(x -> assertThat(x).isInstanceOf(Extraction.Reducible.class));
    }
}
