package org.datong.detect.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;

/**
 * Syslog over TCP as RFC 6587 frames it, turned into one line per message.
 * Senders use either non-transparent framing (each message ends with LF,
 * section 3.4.2), which passes through unchanged, or octet counting
 * ({@code MSG-LEN SP SYSLOG-MSG}, section 3.4.1), recognised by a digit where a
 * message would start with {@code <}: each message is then delivered followed
 * by LF, with line breaks inside it turned into spaces so it stays one event.
 *
 * <p>A frame whose length is not a number of at most {@link #MAX_FRAME}
 * bytes, or is not followed by a space, ends the stream with an
 * {@link IOException} saying where: the framing is lost from there on.
 */
final class SyslogFraming extends InputStream {
    /** A frame that breaks RFC 6587 octet counting: the rest of the connection cannot be read. */
    static final class BadFrame extends IOException {
        BadFrame(String message) {
            super(message);
        }
    }

    /** Largest octet-counted message accepted (the matcher's own line limit). */
    static final int MAX_FRAME = org.datong.detect.Matcher.MAX_LINE;
    /** Digits of MSG-LEN read at most (enough for MAX_FRAME). */
    private static final int MAX_LEN_DIGITS = 9;

    private final PushbackInputStream in;
    private Boolean counted;
    /** Bytes of the current octet-counted message still to deliver; -1 between messages. */
    private long left = -1;
    private boolean lfDue;
    private long frames;

    SyslogFraming(InputStream in) {
        this.in = new PushbackInputStream(in, 1);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (counted == null) {
            int first = in.read();
            if (first < 0) {
                return -1;
            }
            in.unread(first);
            counted = first >= '0' && first <= '9';
        }
        if (!counted) {
            return in.read(b, off, len);
        }
        if (lfDue) {
            lfDue = false;
            b[off] = '\n';
            return 1;
        }
        if (left <= 0) {
            if (!nextFrame()) {
                return -1;
            }
        }
        int n = in.read(b, off, (int) Math.min(len, left));
        if (n < 0) {
            throw new BadFrame("octet-counted syslog frame " + frames + " ends after its header, " + left
                    + " bytes short");
        }
        for (int k = off; k < off + n; k++) {
            if (b[k] == '\n' || b[k] == '\r') {
                b[k] = ' ';
            }
        }
        left -= n;
        if (left == 0) {
            lfDue = true;
        }
        return n;
    }

    /** Reads the next MSG-LEN SP; false at a clean end of stream. */
    private boolean nextFrame() throws IOException {
        int c = in.read();
        while (c == '\n' || c == '\r') { // tolerated between frames
            c = in.read();
        }
        if (c < 0) {
            return false;
        }
        frames++;
        long n = 0;
        int digits = 0;
        while (c >= '0' && c <= '9' && digits < MAX_LEN_DIGITS) {
            n = n * 10 + (c - '0');
            digits++;
            c = in.read();
        }
        if (digits == 0 || c != ' ' || n == 0 || n > MAX_FRAME) {
            throw new BadFrame("octet-counted syslog frame " + frames + ": expected MSG-LEN (1 to " + MAX_FRAME
                    + ") and a space" + (c < 0 ? ", the stream ended" : ", found byte " + c));
        }
        left = n;
        return true;
    }
}
