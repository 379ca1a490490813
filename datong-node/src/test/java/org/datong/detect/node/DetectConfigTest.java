package org.datong.detect.node;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** DATA/detect.properties: what it accepts, and a message naming the key for what it refuses. */
class DetectConfigTest {
    @TempDir
    Path dir;

    private DetectConfig load(String text) throws IOException {
        Files.writeString(dir.resolve(DetectConfig.FILE_NAME), text);
        return DetectConfig.load(dir);
    }

    @Test
    void readsEverySetting() throws IOException {
        DetectConfig c = load("""
                collections = intel, feeds
                window = 10m
                flush_every = 5s
                retro.window = 2d
                retro.capacity = 5000
                syslog.port = 0
                syslog.host = 0.0.0.0
                warnings = benign.txt
                webhook = https://siem.example.org:8443/hooks/datong
                """);
        assertThat(c.collections()).containsExactly("intel", "feeds");
        assertThat(c.window()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.retroWindow()).isEqualTo(Duration.ofDays(2));
        assertThat(c.syslogPort()).isZero();
        assertThat(c.warningFiles()).containsExactly(dir.resolve("benign.txt"));
        assertThat(c.webhook()).isEqualTo("https://siem.example.org:8443/hooks/datong");
    }

    @Test
    void aWebhookThatIsNoHttpUrlIsRefusedAtStartNotWhenTheFirstSightingIsStored() {
        for (String bad : new String[]{"not a url", "siem.example.org/hook", "ftp://siem.example.org/hook", "http:///hook",
                "localhost:8080/hook"}) {
            assertThatThrownBy(() -> load("webhook = " + bad + "\n")).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("webhook").hasMessageContaining(bad);
        }
    }

    @Test
    void aBadDurationNamesItsKey() {
        assertThatThrownBy(() -> load("window = soon\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'window'").hasMessageContaining("soon");
        assertThatThrownBy(() -> load("retro.window = 0s\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'retro.window'");
    }
}
