package org.datong.store;

import org.datong.stix.json.JsonException;
import org.datong.stix.json.JsonLimits;
import org.datong.stix.json.JsonStream;
import org.datong.stix.json.JsonValue;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One value to store, optionally with the exact JSON text it was read from.
 * With the text, the store keeps and serves those bytes as they came (no
 * re-encoding); without it, the value is written in Datong's compact form.
 *
 * <p>A {@linkplain #raw raw} input is a slice of a larger UTF-8 text (one
 * member of a POSTed envelope) that is only parsed when {@link #value()} is
 * first called, so the store can parse the members of a batch on several
 * threads. An input is read by one thread at a time.
 *
 * <p>A {@linkplain #stored stored} input was read, unchanged, from a
 * collection of the same store: it passed the store's validation when it was
 * stored, so it is not validated again (its id, type and version still are).
 */
public final class StixInput {
    private JsonValue value;
    private String text;
    private final byte[] source;
    private final int offset;
    private final int length;
    private final JsonLimits limits;
    private final String path;
    private final boolean checked;

    /**
     * @param value the parsed value (normally a STIX object)
     * @param text  its original JSON text, or null
     */
    public StixInput(JsonValue value, String text) {
        this.value = Objects.requireNonNull(value, "value");
        this.text = text;
        this.source = null;
        this.offset = 0;
        this.length = 0;
        this.limits = null;
        this.path = null;
        this.checked = false;
    }

    private StixInput(JsonValue value, String text, boolean checked) {
        this.value = Objects.requireNonNull(value, "value");
        this.text = text;
        this.source = null;
        this.offset = 0;
        this.length = 0;
        this.limits = null;
        this.path = null;
        this.checked = checked;
    }

    private StixInput(byte[] source, int offset, int length, JsonLimits limits, String path) {
        this.source = source;
        this.offset = offset;
        this.length = length;
        this.limits = limits;
        this.path = path;
        this.checked = false;
    }

    public static StixInput of(JsonValue value) {
        return new StixInput(value, null);
    }

    /**
     * An object read from a collection of this store, with its stored text,
     * to be stored again (for example moved from an inbox into another
     * collection); {@code value} must be {@code stored} parsed and unchanged.
     */
    public static StixInput stored(StoredObject stored, JsonValue value) {
        return new StixInput(value, stored.json(), true);
    }

    /** True for a {@linkplain #stored stored} input, which the store does not validate again. */
    public boolean checked() {
        return checked;
    }

    /**
     * The JSON value in {@code length} bytes of {@code utf8} from
     * {@code offset}, parsed on first use. The caller has already checked that
     * the slice is one syntactically complete value within {@code limits}
     * (a duplicate key is the one error left for {@link #value()} to find).
     *
     * @param path JSON path of the slice in the whole text, like {@code $.objects[3]}
     */
    public static StixInput raw(byte[] utf8, int offset, int length, JsonLimits limits, String path) {
        Objects.checkFromIndexSize(offset, length, utf8.length);
        return new StixInput(utf8, offset, length, Objects.requireNonNull(limits, "limits"),
                Objects.requireNonNull(path, "path"));
    }

    /**
     * The value, parsed now for a raw input that was not read yet.
     *
     * @throws JsonException when a raw input is not acceptable JSON; the
     *                       position is given in the whole text
     */
    public JsonValue value() {
        if (value == null) {
            try (JsonStream s = JsonStream.of(source, offset, length, limits)) {
                value = s.readDocument();
            } catch (JsonException e) {
                throw rebased(e);
            }
        }
        return value;
    }

    /** The original JSON text, or null when the value came without one. */
    public String text() {
        if (text == null && source != null) {
            text = new String(source, offset, length, StandardCharsets.UTF_8);
        }
        return text;
    }

    /** The error with its line, column, offset and path in the whole text rather than in the slice. */
    private JsonException rebased(JsonException e) {
        long at = e.offset() >= 0 ? Math.min(offset + e.offset(), source.length) : offset;
        long line = 1;
        int lineStart = 0;
        for (int i = 0; i < at; i++) {
            if (source[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        String inner = e.path() == null || e.path().isEmpty() ? "" : e.path().substring(1);
        return new JsonException(e.reason(), line, at - lineStart + 1, at, path + inner);
    }

    @Override
    public String toString() {
        return "StixInput[" + (text() != null ? text() : value()) + "]";
    }
}
