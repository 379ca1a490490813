package org.datong.stix.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A pull reader over JSON text for inputs too large to hold as one tree:
 * step through the outer structure with {@link #next()} and read each inner
 * value as a tree with {@link #readValue()}. All syntax errors surface as
 * {@link JsonException} with position and path; I/O errors as
 * {@link UncheckedIOException}.
 */
public final class JsonStream implements AutoCloseable {
    /** Jackson's "(start marker at [Source: ...; line: L, column: C])", said plainly. */
    private static final java.util.regex.Pattern START_MARKER = java.util.regex.Pattern.compile(
            "\\(start marker at \\[Source: [^;]*; line: (\\d+), column: (\\d+)]\\)");

    /** What {@link #next()} moved onto. */
    public enum Event { START_OBJECT, END_OBJECT, START_ARRAY, END_ARRAY, KEY, VALUE, END }

    private final JsonParser parser;
    private final JsonLimits limits;

    private JsonStream(JsonParser parser, JsonLimits limits) {
        this.parser = parser;
        this.limits = limits;
    }

    /**
     * @throws JsonException when the first bytes already show the input is not
     *                       in a usable encoding
     */
    public static JsonStream of(InputStream utf8, JsonLimits limits) {
        try {
            return new JsonStream(Json.factory(limits).createParser(utf8), limits);
        } catch (CharConversionException e) {
            throw encoding(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonException encoding(CharConversionException e) {
        return new JsonException("invalid character encoding (JSON must be UTF-8): " + e.getMessage(), 1, 1, 0, "$");
    }

    public static JsonStream of(String text, JsonLimits limits) {
        try {
            return new JsonStream(Json.factory(limits).createParser(text), limits);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonStream of(byte[] utf8, JsonLimits limits) {
        try {
            return new JsonStream(Json.factory(limits).createParser(utf8), limits);
        } catch (CharConversionException e) {
            throw encoding(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A reader over {@code length} bytes of {@code utf8} from {@code offset}
     * (one value inside a larger text, read without copying it out). Lines,
     * columns and offsets of errors count from the start of the slice.
     */
    public static JsonStream of(byte[] utf8, int offset, int length, JsonLimits limits) {
        try {
            return new JsonStream(Json.factory(limits).createParser(utf8, offset, length), limits);
        } catch (CharConversionException e) {
            throw encoding(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Moves to the next token and says what it is. */
    public Event next() {
        JsonToken t = advance();
        if (t == null) {
            return Event.END;
        }
        return switch (t) {
            case START_OBJECT -> Event.START_OBJECT;
            case END_OBJECT -> Event.END_OBJECT;
            case START_ARRAY -> Event.START_ARRAY;
            case END_ARRAY -> Event.END_ARRAY;
            case FIELD_NAME -> Event.KEY;
            default -> Event.VALUE;
        };
    }

    /** The member name, when the current event is {@link Event#KEY}. */
    public String key() {
        try {
            return parser.currentName();
        } catch (IOException e) {
            throw error(e);
        }
    }

    /**
     * Reads the whole value that starts at the current token (call
     * {@link #next()} first) and leaves the stream on its last token.
     */
    public JsonValue readValue() {
        return read(parser.currentToken(), depth());
    }

    /** Skips the value that starts at the current token. */
    public void skipValue() {
        try {
            parser.skipChildren();
        } catch (IOException e) {
            throw error(e);
        }
    }

    /** Reads a complete document: one value and then the end of input. */
    public JsonValue readDocument() {
        JsonToken first = advance();
        if (first == null) {
            throw error("empty input: no JSON value");
        }
        JsonValue v = read(first, 0);
        if (advance() != null) {
            throw error("unexpected content after the end of the JSON value");
        }
        return v;
    }

    /** 1-based line of the current token. */
    public long line() {
        return parser.currentTokenLocation().getLineNr();
    }

    /** 1-based column of the current token. */
    public long column() {
        return parser.currentTokenLocation().getColumnNr();
    }

    /** Byte (or character) offset of the current token. */
    public long offset() {
        JsonLocation loc = parser.currentTokenLocation();
        long b = loc.getByteOffset();
        return b >= 0 ? b : loc.getCharOffset();
    }

    /** JSON path of the current token, like {@code $.objects[2].id}. */
    public String path() {
        return pathOf(parser.getParsingContext());
    }

    /** A {@link JsonException} at the current token. */
    public JsonException error(String reason) {
        JsonLocation loc = parser.currentTokenLocation();
        return new JsonException(reason, loc.getLineNr(), loc.getColumnNr(), offsetOf(loc), path());
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int depth() {
        int d = 0;
        for (JsonStreamContext c = parser.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            d++;
        }
        return d;
    }

    private JsonToken advance() {
        try {
            return parser.nextToken();
        } catch (IOException e) {
            throw error(e);
        }
    }

    private JsonValue read(JsonToken t, int depth) {
        try {
            return switch (t) {
                case START_OBJECT -> readObject(depth + 1);
                case START_ARRAY -> readArray(depth + 1);
                case VALUE_STRING -> new JsonString(parser.getText());
                case VALUE_NUMBER_INT -> JsonNumber.ofText(parser.getText(), true);
                case VALUE_NUMBER_FLOAT -> JsonNumber.ofText(parser.getText(), false);
                case VALUE_TRUE -> JsonBoolean.TRUE;
                case VALUE_FALSE -> JsonBoolean.FALSE;
                case VALUE_NULL -> JsonNull.INSTANCE;
                default -> throw error("unexpected " + t.asString());
            };
        } catch (IOException e) {
            throw error(e);
        }
    }

    private JsonObject readObject(int depth) throws IOException {
        checkDepth(depth);
        JsonObject.Builder b = new JsonObject.Builder(8);
        JsonToken t;
        while ((t = advance()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            if (b.has(name)) {
                throw error("duplicate key '" + name + "'");
            }
            b.append(name, read(advance(), depth));
        }
        if (t != JsonToken.END_OBJECT) {
            throw error("unexpected end of input inside an object");
        }
        return b.build();
    }

    private JsonArray readArray(int depth) throws IOException {
        checkDepth(depth);
        List<JsonValue> items = new ArrayList<>();
        JsonToken t;
        while ((t = advance()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw error("unexpected end of input inside an array");
            }
            items.add(read(t, depth));
        }
        return JsonArray.wrap(items.toArray(new JsonValue[0]));
    }

    private void checkDepth(int depth) {
        if (depth > limits.maxDepth()) {
            throw error("JSON nested deeper than " + limits.maxDepth() + " levels");
        }
    }

    private JsonException error(IOException e) {
        if (e instanceof JsonProcessingException jpe) {
            JsonLocation loc = jpe.getLocation() != null ? jpe.getLocation() : parser.currentLocation();
            return new JsonException(cleanReason(jpe), loc.getLineNr(), loc.getColumnNr(), offsetOf(loc), path());
        }
        if (e instanceof CharConversionException) {
            JsonLocation loc = parser.currentLocation();
            return new JsonException("invalid character encoding: " + e.getMessage(), loc.getLineNr(),
                    loc.getColumnNr(), offsetOf(loc), path());
        }
        throw new UncheckedIOException(e);
    }

    private static long offsetOf(JsonLocation loc) {
        long b = loc.getByteOffset();
        return b >= 0 ? b : loc.getCharOffset();
    }

    /** Jackson's message, without its source excerpt and without Java-specific hints. */
    private static String cleanReason(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        if (m == null) {
            return "malformed JSON";
        }
        if (e instanceof StreamConstraintsException) {
            return "JSON exceeds a reader limit: " + firstSentence(m);
        }
        int nl = m.indexOf('\n');
        if (nl > 0) {
            m = m.substring(0, nl);
        }
        m = START_MARKER.matcher(m).replaceAll("(opened at line $1, column $2)");
        m = m.replace(" (JSON String, Number, Array, Object or token 'null', 'true' or 'false')", "")
                .replace("(CTRL-CHAR, code ", "(control character, code ")
                .replace("Duplicate field ", "duplicate key ");
        return "malformed JSON: " + m;
    }

    private static String firstSentence(String m) {
        int cut = m.indexOf(" (");
        return cut > 0 ? m.substring(0, cut) : m;
    }

    static String pathOf(JsonStreamContext ctx) {
        List<JsonStreamContext> chain = new ArrayList<>();
        for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
            chain.add(c);
        }
        StringBuilder sb = new StringBuilder("$");
        for (int i = chain.size() - 1; i >= 0; i--) {
            JsonStreamContext c = chain.get(i);
            if (c.inArray()) {
                sb.append('[').append(Math.max(c.getCurrentIndex(), 0)).append(']');
            } else if (c.inObject() && c.getCurrentName() != null) {
                appendKey(sb, c.getCurrentName());
            }
        }
        return sb.toString();
    }

    /** Appends {@code .key} or {@code ['key']} when the key is not a plain name. */
    public static void appendKey(StringBuilder path, String key) {
        boolean plain = !key.isEmpty();
        for (int i = 0; i < key.length() && plain; i++) {
            char c = key.charAt(i);
            plain = c == '_' || c == '-' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        }
        if (plain) {
            path.append('.').append(key);
        } else {
            path.append("['").append(key.replace("\\", "\\\\").replace("'", "\\'")).append("']");
        }
    }
}
