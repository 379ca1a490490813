package org.datong.taxii;

import org.datong.stix.json.Json;
import org.datong.stix.json.JsonException;
import org.datong.stix.json.JsonLimits;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonValue;
import org.datong.store.StixInput;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/*
 * Design: the fast reader of POSTed envelopes.
 *
 * The exact reader (TaxiiApi.envelopeObjects) parses every member of
 * 'objects' on the request thread, which made parsing the one part of a POST
 * that could not use more than one core. This splitter only finds where each
 * member starts and ends, by a structural scan of the bytes (brackets, braces
 * and strings with their escapes), and hands the members out unparsed
 * (StixInput.raw); the store parses and validates them on several threads.
 *
 * It never decides that a body is bad. It returns null, meaning "use the exact
 * reader", whenever it is unsure: the body does not start with an object, a
 * key has an escape, 'objects' is missing, repeated or not an array, a
 * separator is out of place, or the envelope without its members ('objects'
 * replaced by []) does not parse strictly. The members are parsed later with
 * the exact reader's limits, shifted by their nesting in the envelope, so a
 * member parses there exactly when the exact reader would have accepted it;
 * when one does not, TaxiiApi rolls the write back and asks the exact reader,
 * whose error (with its position) is the answer. So the fast path accepts
 * exactly what the exact reader accepts, with the same values and texts
 * (checked against each other by EnvelopeSplitterTest).
 */
final class EnvelopeSplitter {
    /**
     * Nesting the exact reader counts for a member before its own braces
     * (JsonStream's depth of a value inside the envelope's 'objects' array).
     */
    private static final int MEMBER_DEPTH_OFFSET = 3;
    private static final byte[] OBJECTS_KEY = "objects".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final byte[] body;
    private int pos;

    private EnvelopeSplitter(byte[] body) {
        this.body = body;
    }

    /**
     * The members of the envelope's {@code objects}, unparsed, each with its
     * path; null when the exact reader must decide.
     */
    static List<StixInput> split(byte[] body, JsonLimits limits) {
        if (limits.maxDepth() - MEMBER_DEPTH_OFFSET < 2) {
            return null;
        }
        JsonLimits memberLimits = new JsonLimits(limits.maxDepth() - MEMBER_DEPTH_OFFSET, limits.maxStringLength(),
                limits.maxNumberLength());
        return new EnvelopeSplitter(body).members(limits, memberLimits);
    }

    private List<StixInput> members(JsonLimits limits, JsonLimits memberLimits) {
        skipWhitespace();
        if (!take('{')) {
            return null;
        }
        List<StixInput> members = null;
        int arrayStart = -1;
        int arrayEnd = -1;
        skipWhitespace();
        if (take('}')) {
            return null;
        }
        while (true) {
            skipWhitespace();
            int keyStart = pos;
            if (!skipString(true)) {
                return null;
            }
            boolean isObjects = Arrays.equals(body, keyStart + 1, pos - 1, OBJECTS_KEY, 0, OBJECTS_KEY.length);
            skipWhitespace();
            if (!take(':')) {
                return null;
            }
            skipWhitespace();
            if (isObjects) {
                if (members != null || !at('[')) {
                    return null;
                }
                arrayStart = pos;
                members = array(memberLimits);
                if (members == null) {
                    return null;
                }
                arrayEnd = pos;
            } else if (!skipValue()) {
                return null;
            }
            skipWhitespace();
            if (take(',')) {
                continue;
            }
            if (take('}')) {
                break;
            }
            return null;
        }
        if (members == null) {
            return null;
        }
        // the envelope around the members must be strict JSON: checked with 'objects' emptied
        byte[] rest = new byte[arrayStart + 2 + body.length - arrayEnd];
        System.arraycopy(body, 0, rest, 0, arrayStart);
        rest[arrayStart] = '[';
        rest[arrayStart + 1] = ']';
        System.arraycopy(body, arrayEnd, rest, arrayStart + 2, body.length - arrayEnd);
        try {
            JsonValue envelope = Json.parse(new ByteArrayInputStream(rest), limits);
            if (!(envelope instanceof JsonObject)) {
                return null;
            }
        } catch (JsonException e) {
            return null;
        }
        return members;
    }

    /** The members of the array at pos (on '['), leaving pos after its ']'; null when unsure. */
    private List<StixInput> array(JsonLimits memberLimits) {
        pos++;
        List<StixInput> members = new ArrayList<>();
        skipWhitespace();
        if (take(']')) {
            return members;
        }
        while (true) {
            skipWhitespace();
            int start = pos;
            if (!skipValue()) {
                return null;
            }
            members.add(StixInput.raw(body, start, pos - start, memberLimits, "$.objects[" + members.size() + "]"));
            skipWhitespace();
            if (take(',')) {
                continue;
            }
            if (take(']')) {
                return members;
            }
            return null;
        }
    }

    /**
     * Moves past one value without checking it beyond its extent: a string,
     * an object or array (balanced, strings skipped), or a scalar up to the
     * next separator. False when the extent cannot be found.
     */
    private boolean skipValue() {
        if (pos >= body.length) {
            return false;
        }
        byte b = body[pos];
        if (b == '"') {
            return skipString(false);
        }
        if (b == '{' || b == '[') {
            int open = 0;
            while (pos < body.length) {
                byte c = body[pos];
                if (c == '"') {
                    if (!skipString(false)) {
                        return false;
                    }
                    continue;
                }
                if (c == '{' || c == '[') {
                    open++;
                } else if (c == '}' || c == ']') {
                    open--;
                    if (open == 0) {
                        pos++;
                        return true;
                    }
                }
                pos++;
            }
            return false;
        }
        int start = pos;
        while (pos < body.length) {
            byte c = body[pos];
            if (c == ',' || c == '}' || c == ']' || isWhitespace(c)) {
                break;
            }
            if (c == '{' || c == '[' || c == '"') {
                return false;
            }
            pos++;
        }
        return pos > start;
    }

    /** Moves past the string at pos; with {@code plain}, refuses escapes (keys are compared as bytes). */
    private boolean skipString(boolean plain) {
        if (pos >= body.length || body[pos] != '"') {
            return false;
        }
        pos++;
        while (pos < body.length) {
            byte c = body[pos];
            if (c == '"') {
                pos++;
                return true;
            }
            if (c == '\\') {
                if (plain) {
                    return false;
                }
                pos++;
            }
            pos++;
        }
        return false;
    }

    private void skipWhitespace() {
        while (pos < body.length && isWhitespace(body[pos])) {
            pos++;
        }
    }

    private static boolean isWhitespace(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    private boolean at(char c) {
        return pos < body.length && body[pos] == c;
    }

    private boolean take(char c) {
        if (at(c)) {
            pos++;
            return true;
        }
        return false;
    }
}
