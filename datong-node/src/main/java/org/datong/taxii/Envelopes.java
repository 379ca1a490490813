package org.datong.taxii;

import org.datong.stix.json.Json;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonValue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts objects into TAXII envelopes whose bodies fit a server's
 * {@code max_content_length} (the API root's, TAXII 2.1 section 4.2.1; a
 * server may answer 413 to a larger body). The one place where Datong sizes
 * what it POSTs: {@code datong taxii push} and federation pushes both use it.
 *
 * <p>Each object is written once; envelopes are filled in input order, as
 * full as the limit allows. An object that makes an envelope over the limit
 * on its own cannot be sent to that server at all and is set aside, with its
 * size, for the caller to report.
 */
public final class Envelopes {
    private static final byte[] OPEN = "{\"objects\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "]}".getBytes(StandardCharsets.US_ASCII);
    /** Bytes of an envelope besides its members and the commas between them. */
    private static final int FRAME = OPEN.length + CLOSE.length;

    private Envelopes() {
    }

    /**
     * One envelope, ready to POST.
     *
     * @param objects the objects it carries, in order
     * @param body    the envelope's JSON text, UTF-8: exactly what {@link Json#writeBytes} gives for it
     */
    public record Envelope(List<JsonValue> objects, byte[] body) {
        public Envelope {
            objects = List.copyOf(objects);
        }
    }

    /**
     * An object too large to be sent alone.
     *
     * @param object the object
     * @param size   the bytes of an envelope holding only it
     */
    public record TooLarge(JsonValue object, long size) {
        /** The object's id, or null when it has none. */
        public String id() {
            return object instanceof JsonObject o ? o.getString("id") : null;
        }

        /** Why it was not sent, for the server whose limit it is. */
        public String reason(String server, long maxContentLength) {
            return "alone it makes an envelope of " + size + " bytes, over " + server
                    + "'s max_content_length of " + maxContentLength;
        }
    }

    /**
     * Objects cut into envelopes.
     *
     * @param envelopes the envelopes, in input order
     * @param tooLarge  the objects left out, in input order
     */
    public record Split(List<Envelope> envelopes, List<TooLarge> tooLarge) {
        public Split {
            envelopes = List.copyOf(envelopes);
            tooLarge = List.copyOf(tooLarge);
        }
    }

    /**
     * Cuts objects into envelopes of at most {@code maxContentLength} bytes.
     *
     * @param maxContentLength the server's limit; zero or less means none (one envelope)
     */
    public static Split split(List<? extends JsonValue> objects, long maxContentLength) {
        long limit = maxContentLength > 0 ? maxContentLength : Long.MAX_VALUE;
        List<Envelope> envelopes = new ArrayList<>();
        List<TooLarge> tooLarge = new ArrayList<>();
        List<JsonValue> members = new ArrayList<>();
        List<byte[]> texts = new ArrayList<>();
        long size = FRAME;
        for (JsonValue o : objects) {
            byte[] text = Json.writeBytes(o);
            long alone = FRAME + (long) text.length;
            if (alone > limit) {
                tooLarge.add(new TooLarge(o, alone));
                continue;
            }
            long grown = size + text.length + (members.isEmpty() ? 0 : 1);
            if (grown > limit) {
                envelopes.add(envelope(members, texts, size));
                members = new ArrayList<>();
                texts = new ArrayList<>();
                grown = alone;
            }
            members.add(o);
            texts.add(text);
            size = grown;
        }
        if (!members.isEmpty()) {
            envelopes.add(envelope(members, texts, size));
        }
        return new Split(envelopes, tooLarge);
    }

    private static Envelope envelope(List<JsonValue> members, List<byte[]> texts, long size) {
        ByteArrayOutputStream body = new ByteArrayOutputStream((int) size);
        body.writeBytes(OPEN);
        for (int i = 0; i < texts.size(); i++) {
            if (i > 0) {
                body.write(',');
            }
            body.writeBytes(texts.get(i));
        }
        body.writeBytes(CLOSE);
        return new Envelope(members, body.toByteArray());
    }
}
