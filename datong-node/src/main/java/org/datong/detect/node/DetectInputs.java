package org.datong.detect.node;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** Opening the files the detection commands read: standard input as {@code -}, gzip recognised by its magic bytes. */
public final class DetectInputs {
    /** How many input problems a command prints before only counting them. */
    public static final int QUOTED_PROBLEMS = 20;
    private static final int BUFFER = 1 << 16;

    private DetectInputs() {
    }

    /** Opens a file (or stdin for {@code -}), decompressing gzip. */
    public static InputStream open(String name) throws IOException {
        InputStream raw = "-".equals(name) ? System.in : Files.newInputStream(Path.of(name));
        return gunzipIfNeeded(new BufferedInputStream(raw, BUFFER));
    }

    /** Wraps the stream in a gzip decoder when it starts with the gzip magic bytes. */
    public static InputStream gunzipIfNeeded(InputStream in) throws IOException {
        InputStream b = in.markSupported() ? in : new BufferedInputStream(in, BUFFER);
        b.mark(2);
        int m0 = b.read();
        int m1 = b.read();
        b.reset();
        if (m0 == 0x1f && m1 == 0x8b) {
            return new GZIPInputStream(b, BUFFER);
        }
        return b;
    }

    /** True when the file's first non-blank character opens JSON (a STIX bundle, object or array). */
    public static boolean looksLikeJson(String name) throws IOException {
        if ("-".equals(name)) {
            return false;
        }
        try (InputStream in = open(name)) {
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '{' || c == '[') {
                    return true;
                }
                if (!Character.isWhitespace(c) && c != 0xEF && c != 0xBB && c != 0xBF) {
                    return false;
                }
            }
            return false;
        }
    }

    /** The MISP warning list files at a path: the file itself, or every list.json(.gz) below a folder. */
    public static List<Path> mispListFiles(Path p) throws IOException {
        if (!Files.isDirectory(p)) {
            return List.of(p);
        }
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(f -> {
                String n = f.getFileName().toString();
                return n.equals("list.json") || n.equals("list.json.gz");
            }).sorted().toList();
        }
    }
}
