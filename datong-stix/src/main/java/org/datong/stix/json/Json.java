package org.datong.stix.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Datong's one JSON codec: reads text into immutable {@link JsonValue} trees
 * and writes trees back. Reading is strict (RFC 8259): duplicate keys,
 * invalid UTF-8, trailing content and over-deep nesting are errors reported
 * as {@link JsonException} with their position.
 */
public final class Json {
    private static final ConcurrentHashMap<JsonLimits, JsonFactory> FACTORIES = new ConcurrentHashMap<>();

    private Json() {
    }

    static JsonFactory factory(JsonLimits limits) {
        return FACTORIES.computeIfAbsent(limits, l -> JsonFactory.builder()
                // duplicate keys are detected while building trees (JsonStream), cheaper than Jackson's detector
                .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
                .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
                .streamReadConstraints(StreamReadConstraints.builder()
                        // the tree builder enforces depth itself with a better message; this is a backstop
                        .maxNestingDepth(l.maxDepth() + 1)
                        .maxStringLength(l.maxStringLength())
                        .maxNumberLength(l.maxNumberLength())
                        .build())
                .build());
    }

    static JsonFactory factory() {
        return factory(JsonLimits.DEFAULT);
    }

    /** Reads one JSON value from text; nothing but whitespace may follow it. */
    public static JsonValue parse(String text) {
        try (JsonStream in = JsonStream.of(text, JsonLimits.DEFAULT)) {
            return in.readDocument();
        }
    }

    /** Reads one JSON value from UTF-8 bytes; nothing but whitespace may follow it. */
    public static JsonValue parse(byte[] utf8) {
        try (JsonStream in = JsonStream.of(utf8, JsonLimits.DEFAULT)) {
            return in.readDocument();
        }
    }

    /** Reads one JSON value from a UTF-8 stream (the stream is not closed). */
    public static JsonValue parse(InputStream utf8) {
        return parse(utf8, JsonLimits.DEFAULT);
    }

    public static JsonValue parse(InputStream utf8, JsonLimits limits) {
        try (JsonStream in = JsonStream.of(utf8, limits)) {
            return in.readDocument();
        }
    }

    /** Reads a JSON object; anything else is a {@link JsonException}. */
    public static JsonObject parseObject(String text) {
        return requireObject(parse(text));
    }

    public static JsonObject parseObject(byte[] utf8) {
        return requireObject(parse(utf8));
    }

    private static JsonObject requireObject(JsonValue v) {
        if (v instanceof JsonObject o) {
            return o;
        }
        throw new JsonException("expected a JSON object but found " + v.kind(), 1, 1, 0, "$");
    }

    /** Compact JSON text, members in their stored order. */
    public static String write(JsonValue value) {
        StringWriter w = new StringWriter(256);
        write(value, w, false);
        return w.toString();
    }

    /** Indented JSON text for people. */
    public static String writePretty(JsonValue value) {
        StringWriter w = new StringWriter(256);
        write(value, w, true);
        return w.toString();
    }

    /** Compact UTF-8 bytes. */
    public static byte[] writeBytes(JsonValue value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        write(value, out, false);
        return out.toByteArray();
    }

    /** Writes compact or indented UTF-8 to the stream (not closed). */
    public static void write(JsonValue value, OutputStream out, boolean pretty) {
        try (JsonGenerator g = factory().createGenerator(out)) {
            if (pretty) {
                g.setPrettyPrinter(prettyPrinter());
            }
            writeValue(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(JsonValue value, Writer out, boolean pretty) {
        try (JsonGenerator g = factory().createGenerator(out)) {
            if (pretty) {
                g.setPrettyPrinter(prettyPrinter());
            }
            writeValue(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DefaultPrettyPrinter prettyPrinter() {
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        return pp.withSpacesInObjectEntries();
    }

    static void writeValue(JsonGenerator g, JsonValue value) throws IOException {
        switch (value) {
            case JsonObject o -> {
                g.writeStartObject();
                for (int i = 0, n = o.size(); i < n; i++) {
                    g.writeFieldName(o.keyAt(i));
                    writeValue(g, o.valueAt(i));
                }
                g.writeEndObject();
            }
            case JsonArray a -> {
                g.writeStartArray();
                for (int i = 0, n = a.size(); i < n; i++) {
                    writeValue(g, a.get(i));
                }
                g.writeEndArray();
            }
            case JsonString s -> g.writeString(s.value());
            case JsonNumber n -> g.writeNumber(n.text());
            case JsonBoolean b -> g.writeBoolean(b.value());
            case JsonNull ignored -> g.writeNull();
        }
    }

    /** UTF-8 bytes of a string, for callers that hash or sign JSON text. */
    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
