package org.datong.stix;

import org.datong.stix.json.Json;
import org.datong.stix.json.JsonString;
import org.datong.stix.json.JsonValue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Writes a STIX 2.1 bundle (section 8) object by object, so a bundle of any
 * size streams out in constant memory. Call {@link #close()} to finish the
 * bundle; the underlying stream is flushed, not closed.
 */
public final class BundleWriter implements AutoCloseable {
    private static final byte[] SEPARATOR = {','};
    private static final byte[] NEWLINE_SEPARATOR = {',', '\n'};

    private final OutputStream out;
    private final boolean lines;
    private int count;
    private boolean closed;

    /**
     * @param out      where to write
     * @param bundleId the bundle's id ({@code bundle--UUID})
     * @param lines    put each object on its own line (easier to read and grep)
     */
    public BundleWriter(OutputStream out, String bundleId, boolean lines) {
        this.out = out;
        this.lines = lines;
        write("{\"type\":\"bundle\",\"id\":" + new JsonString(bundleId) + ",\"objects\":[" + (lines ? "\n" : ""));
    }

    /** A writer with a fresh random bundle id. */
    public static BundleWriter to(OutputStream out) {
        return new BundleWriter(out, StixId.random("bundle").toString(), true);
    }

    public void write(StixObject object) {
        write(object.json());
    }

    public void write(JsonValue object) {
        try {
            if (count > 0) {
                out.write(lines ? NEWLINE_SEPARATOR : SEPARATOR);
            }
            Json.write(object, out, false);
            count++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many objects were written so far. */
    public int count() {
        return count;
    }

    private void write(String s) {
        try {
            out.write(Json.utf8(s));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        write(lines ? "\n]}\n" : "]}");
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
