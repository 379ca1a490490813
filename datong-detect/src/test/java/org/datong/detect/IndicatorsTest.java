package org.datong.detect;

import org.datong.stix.SharedData;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Plain lists and CSV files of indicators. */
class IndicatorsTest {
    private static Indicators.LoadReport load(IndicatorIndex.Builder b, String text) throws IOException {
        return Indicators.loadList(b, "list.csv", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void csvWithTheValueInALaterColumnLoadsEveryIndicatorField() throws IOException {
        IndicatorIndex.Builder b = IndicatorIndex.builder();
        Indicators.LoadReport r = load(b, """
                "first_seen_utc","dst_ip","dst_port","malware"
                "2026-01-02 03:04:05","45.155.205.7","443","Emotet"
                d177856e-6e46-44ee-8eb5-83ef1c7452c7,d15b9e575525346a5e304ae5b3a35d64,b79a4cce56f565b71f85d536f6dd9d869666d759
                2026-01-03;evil-c2.example.net;seen twice
                """);
        assertThat(r.accepted()).isEqualTo(3);
        assertThat(r.rejected()).isEqualTo(1);
        assertThat(r.examples()).singleElement().asString().contains("list.csv:1:");
        IndicatorIndex idx = b.build();
        assertThat(idx.lookup(Observable.guess("45.155.205.7"))).hasSize(1);
        assertThat(idx.lookup(Observable.guess("D15B9E575525346A5E304AE5B3A35D64"))).hasSize(1);
        assertThat(idx.lookup(Observable.guess("b79a4cce56f565b71f85d536f6dd9d869666d759"))).hasSize(1);
        assertThat(idx.lookup(Observable.guess("evil-c2.example.net"))).hasSize(1);
        // a later field is taken only as a whole: the port and the words of a comment are not indicators
        assertThat(idx.entries()).isEqualTo(4);
    }

    @Test
    void aFirstFieldThatIsAnIndicatorKeepsTheRestOfTheLineAsComment() throws IOException {
        IndicatorIndex.Builder b = IndicatorIndex.builder();
        Indicators.LoadReport r = load(b, "45.155.205.8;reported by abuse.ch\n45.155.205.9\t12\n");
        assertThat(r.accepted()).isEqualTo(2);
        IndicatorIndex idx = b.build();
        assertThat(idx.entries()).isEqualTo(2);
        assertThat(idx.lookup(Observable.guess("abuse.ch"))).isEmpty();
    }

    @Test
    void realMispFeedCsvLoadsEveryLine() throws IOException {
        Path csv = SharedData.require("misp-feed-crowdsec/misp-feed/hashes.csv");
        long lines = Files.lines(csv).filter(l -> !l.isBlank()).count();
        IndicatorIndex.Builder b = IndicatorIndex.builder();
        Indicators.LoadReport r;
        try (InputStream in = Files.newInputStream(csv)) {
            r = Indicators.loadList(b, "hashes.csv", in);
        }
        assertThat(r.rejected()).as(r.examples().toString()).isZero();
        assertThat(r.accepted()).isEqualTo(lines);
    }
}
