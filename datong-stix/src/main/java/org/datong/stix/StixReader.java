package org.datong.stix;

import org.datong.stix.json.JsonException;
import org.datong.stix.json.JsonLimits;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonStream;
import org.datong.stix.json.JsonValue;

import java.io.InputStream;

/**
 * Reads STIX content one object at a time in bounded memory: a bundle of any
 * size (its {@code objects} are streamed, wherever the member stands), a
 * bundle-like wrapper without {@code "type": "bundle"}, or a single object.
 *
 * <p>Each call to {@link #next()} returns the next {@link Item}: an
 * {@link Element} (one member of {@code objects}, or the single object), or a
 * {@link Broken} when the JSON itself is malformed, after which reading stops;
 * elements already returned stay good. Returns null at the end.
 */
public final class StixReader implements AutoCloseable {
    private static final String OBJECTS = "objects";

    /** What the reader produced. */
    public sealed interface Item permits Element, Broken {
    }

    /**
     * One value from the input.
     *
     * @param value  the JSON value; normally an object, but whatever the input held
     * @param path   where it stood, like {@code $.objects[12]} or {@code $}
     * @param index  position in {@code objects}, or -1 for a single object
     * @param line   1-based line where it starts
     * @param column 1-based column where it starts
     */
    public record Element(JsonValue value, String path, int index, long line, long column) implements Item {
        /** The value as an object, or null when it is something else. */
        public JsonObject object() {
            return value instanceof JsonObject o ? o : null;
        }
    }

    /** The input is not well-formed JSON (or breaks a reader limit) at the given position. */
    public record Broken(JsonException error) implements Item {
    }

    private enum State { START, TOP, OBJECTS, DONE }

    private final JsonStream in;
    private final JsonObject.Builder envelope = JsonObject.builder();
    private State state = State.START;
    private String topType;
    private boolean bundle;
    private int index;
    private long topLine = 1;
    private long topColumn = 1;

    /** Set when the input was unreadable from its first bytes: the one item {@link #next()} returns. */
    private JsonException failedAtStart;

    private StixReader(JsonStream in) {
        this.in = in;
    }

    private StixReader(JsonException failedAtStart) {
        this.in = null;
        this.failedAtStart = failedAtStart;
    }

    /** Reads UTF-8 JSON from the stream (closed by {@link #close()}). */
    public static StixReader open(InputStream utf8) {
        return open(utf8, JsonLimits.DEFAULT);
    }

    public static StixReader open(InputStream utf8, JsonLimits limits) {
        try {
            return new StixReader(JsonStream.of(utf8, limits));
        } catch (JsonException e) {
            return new StixReader(e);
        }
    }

    public static StixReader of(String text) {
        return new StixReader(JsonStream.of(text, JsonLimits.DEFAULT));
    }

    /** The next item, or null when the input is exhausted. */
    public Item next() {
        if (failedAtStart != null) {
            JsonException e = failedAtStart;
            failedAtStart = null;
            state = State.DONE;
            return new Broken(e);
        }
        try {
            return advance();
        } catch (JsonException e) {
            state = State.DONE;
            return new Broken(e);
        }
    }

    /** True when the input had an {@code objects} array that was streamed (a bundle or bundle-like wrapper). */
    public boolean isBundle() {
        return bundle;
    }

    /**
     * The members of the wrapper other than {@code objects} (type, id,
     * spec_version...). Complete once {@link #next()} has returned null.
     */
    public JsonObject envelope() {
        return envelope.build();
    }

    private Item advance() {
        while (true) {
            switch (state) {
                case DONE -> {
                    return null;
                }
                case START -> {
                    JsonStream.Event e = in.next();
                    if (e == JsonStream.Event.END) {
                        state = State.DONE;
                        throw in.error("empty input: no JSON value");
                    }
                    if (e != JsonStream.Event.START_OBJECT) {
                        state = State.DONE;
                        String found = e == JsonStream.Event.START_ARRAY ? "a JSON array" : "a JSON " + in.readValue().kind();
                        throw in.error("not STIX: found " + found + " where a STIX object or bundle was expected");
                    }
                    topLine = in.line();
                    topColumn = in.column();
                    state = State.TOP;
                }
                case TOP -> {
                    JsonStream.Event e = in.next();
                    if (e == JsonStream.Event.END_OBJECT) {
                        state = State.DONE;
                        if (in.next() != JsonStream.Event.END) {
                            throw in.error("unexpected content after the end of the JSON value");
                        }
                        if (!bundle) {
                            return new Element(envelope.build(), "$", -1, topLine, topColumn);
                        }
                        return null;
                    }
                    String key = in.key();
                    if (envelope.has(key) || (bundle && OBJECTS.equals(key))) {
                        throw in.error("duplicate key '" + key + "'");
                    }
                    JsonStream.Event valueStart = in.next();
                    boolean streamable = OBJECTS.equals(key) && valueStart == JsonStream.Event.START_ARRAY
                            && (topType == null || "bundle".equals(topType)) && !bundle;
                    if (streamable) {
                        bundle = true;
                        state = State.OBJECTS;
                    } else {
                        JsonValue v = in.readValue();
                        if ("type".equals(key)) {
                            topType = v.asString();
                        }
                        envelope.put(key, v);
                    }
                }
                case OBJECTS -> {
                    JsonStream.Event e = in.next();
                    if (e == JsonStream.Event.END_ARRAY) {
                        state = State.TOP;
                        continue;
                    }
                    if (e == JsonStream.Event.END) {
                        throw in.error("unexpected end of input inside 'objects'");
                    }
                    long line = in.line();
                    long column = in.column();
                    JsonValue v = in.readValue();
                    int i = index++;
                    return new Element(v, "$.objects[" + i + "]", i, line, column);
                }
            }
        }
    }

    @Override
    public void close() {
        if (in != null) {
            in.close();
        }
    }
}
