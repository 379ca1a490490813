package org.datong.stix;

import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads and validates every STIX bundle of the shared real-world data
 * (ATT&CK, ATLAS, OpenCTI, OASIS examples, abuse.ch via feeds2stix, Attack
 * Flow). Each must be read to the end as well-formed JSON, every object
 * checked, and the validator's verdict on each source must be the one it
 * gives today (printed, and pinned where the data is known to conform).
 */
class RealDataTest {
    /** The folders of ../shared/data that hold STIX (README sources 1 to 9). */
    static final List<String> STIX_SOURCES = List.of("mitre-attack-enterprise", "mitre-attack-ics-mobile-stix21",
            "mitre-atlas", "opencti-test-bundles", "opencti-datasets", "oasis-cti-examples",
            "feeds2stix-abusech-sslbl", "ctid-attack-flow-example");

    static List<Path> stixFiles(Path data) throws IOException {
        try (Stream<Path> s = STIX_SOURCES.stream().map(data::resolve).flatMap(RealDataTest::walk)) {
            return s.filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".json.gz")).sorted().toList();
        }
    }

    private static Stream<Path> walk(Path dir) {
        try {
            return Files.walk(dir).filter(Files::isRegularFile).toList().stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static InputStream open(Path p) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(p), 1 << 16);
        return p.toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    /** Sources every file of which the validator finds valid (no error finding). */
    static final List<String> CONFORMING = List.of("oasis-cti-examples", "feeds2stix-abusech-sslbl",
            "opencti-datasets", "ctid-attack-flow-example", "mitre-attack-ics-mobile-stix21");

    @Test
    void readsAndValidatesEveryRealStixBundle() throws IOException {
        Path data = SharedData.require("").normalize();
        List<Path> files = stixFiles(data);
        assertThat(files).hasSizeGreaterThan(150);
        long objects = 0;
        Map<String, Map<String, Integer>> rulesBySource = new TreeMap<>();
        Map<String, int[]> filesBySource = new TreeMap<>();
        for (Path f : files) {
            Validation.Report r;
            try (InputStream in = open(f)) {
                r = Validation.validate(in, Validator.standard());
            }
            objects += r.objects();
            String source = data.relativize(f).getName(0).toString();
            assertThat(r.findings()).as("%s must be well-formed JSON", f)
                    .noneMatch(x -> x.rule().equals(Validation.MALFORMED_JSON));
            assertThat(r.objects()).as("%s objects", f).isPositive();
            if (CONFORMING.contains(source)) {
                assertThat(r.findings()).as("%s", f).noneMatch(Finding::isError);
            }
            int[] counts = filesBySource.computeIfAbsent(source, k -> new int[3]);
            counts[0]++;
            counts[1] += r.valid() ? 1 : 0;
            counts[2] += r.objects();
            for (Finding x : r.findings()) {
                rulesBySource.computeIfAbsent(source, k -> new TreeMap<>())
                        .merge(x.severity().label() + " " + x.rule(), 1, Integer::sum);
            }
        }
        filesBySource.forEach((source, c) -> System.out.printf("%-32s %4d files (%d valid) %7d objects %s%n",
                source, c[0], c[1], c[2], rulesBySource.getOrDefault(source, Map.of())));
        assertThat(objects).isGreaterThan(100_000);
        // ATT&CK Enterprise as assembled is STIX 2.0: every object lacks spec_version
        assertThat(rulesBySource.get("mitre-attack-enterprise")).containsKey("error required-property");
    }
}
