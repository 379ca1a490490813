package org.datong.detect.node;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 6587 framing of syslog over TCP turned into lines. */
class SyslogFramingTest {
    private static String read(String wire) throws IOException {
        try (InputStream in = new SyslogFraming(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String frame(String msg) {
        return msg.getBytes(StandardCharsets.UTF_8).length + " " + msg;
    }

    @Test
    void lineFramedSyslogPassesThroughUnchanged() throws IOException {
        String wire = "<34>Oct 11 22:14:15 host su: one\n<34>Oct 11 22:14:16 host su: two\n";
        assertThat(read(wire)).isEqualTo(wire);
    }

    @Test
    void octetCountedFramesBecomeOneLineEachEvenWithLineBreaksInside() throws IOException {
        String a = "<38>1 2026-11-01T10:00:00Z bastion sshd 1 - - Failed password from 45.155.205.14";
        String b = "<38>1 2026-11-01T10:00:05Z bastion app 2 - - first line\nsecond line, café";
        assertThat(read(frame(a) + frame(b))).isEqualTo(a + "\n" + b.replace('\n', ' ') + "\n");
        // a line break between frames is tolerated
        assertThat(read(frame(a) + "\n" + frame(b))).isEqualTo(a + "\n" + b.replace('\n', ' ') + "\n");
    }

    @Test
    void aBrokenFrameHeaderOrAShortFrameIsAnErrorThatSaysWhere() {
        String a = "<38>1 2026-11-01T10:00:00Z bastion sshd 1 - - hello";
        assertThatThrownBy(() -> read(frame(a) + "12x <38>1 oops"))
                .isInstanceOf(IOException.class).hasMessageContaining("frame 2").hasMessageContaining("MSG-LEN");
        assertThatThrownBy(() -> read("500 <38>1 too short"))
                .isInstanceOf(IOException.class).hasMessageContaining("frame 1").hasMessageContaining("short");
    }
}
