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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WarningListsTest {
    @Test
    void defaultsCoverReservedRangesDocumentationDomainsAndEmptyFiles() {
        WarningLists w = WarningLists.builder().addDefaults().build();
        assertThat(w.suppress(Observable.guess("192.168.1.1"))).isEqualTo("datong-defaults");
        assertThat(w.suppress(Observable.guess("::ffff:127.0.0.1"))).isEqualTo("datong-defaults");
        assertThat(w.suppress(Observable.guess("fe80::1"))).isEqualTo("datong-defaults");
        assertThat(w.suppress(Observable.guess("www.example.com"))).isEqualTo("datong-defaults");
        assertThat(w.suppress(Observable.guess("d41d8cd98f00b204e9800998ecf8427e"))).isEqualTo("datong-defaults");
        assertThat(w.suppress(Observable.guess("8.8.4.4"))).isNull();
        assertThat(w.suppressedTotal()).isEqualTo(5);
    }

    @Test
    void mispListsApplyCidrHostnameAndStringTypes() {
        String json = "{\"name\":\"Test\",\"type\":\"hostname\",\"list\":[\"github.com\",\".googleusercontent.com\"]}";
        WarningLists w = WarningLists.builder().addMisp(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "t").build();
        assertThat(w.suppress(Observable.guess("raw.github.com"))).isEqualTo("misp:Test");
        assertThat(w.suppress(Observable.guess("x.googleusercontent.com"))).isEqualTo("misp:Test");
        assertThat(w.suppress(Observable.guess("github.io"))).isNull();
    }

    @Test
    void aBadPlainEntryIsRejectedWithItsLine() {
        assertThatThrownBy(() -> WarningLists.builder().addPlain("mine", new ByteArrayInputStream("8.8.8.8\nnot valid!\n".getBytes(StandardCharsets.UTF_8))))
                .hasMessage("mine:2: not an IP, CIDR range, domain, URL, hash or email: 'not valid!'");
    }

    @Test
    void realMispWarningListsLoadAndSuppressBenignPlatforms() throws IOException {
        Path lists = SharedData.require("misp-warninglists/lists");
        WarningLists.Builder b = WarningLists.builder();
        int loaded = 0;
        try (var files = Files.walk(lists)) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith("list.json")).toList()) {
                try (InputStream in = p.toString().endsWith(".gz") ? new java.util.zip.GZIPInputStream(Files.newInputStream(p)) : Files.newInputStream(p)) {
                    b.addMisp(in, p.toString());
                    loaded++;
                }
            }
        }
        WarningLists w = b.build();
        assertThat(loaded).isGreaterThan(100);
        assertThat(w.entries()).isGreaterThan(100_000);
        assertThat(w.suppress(Observable.guess("8.8.8.8"))).isNotNull();
        assertThat(w.suppress(Observable.guess("drive.google.com"))).isNotNull();
    }
}
