package org.datong.taxii;

import io.javalin.http.Context;
import org.datong.auth.Authenticator;
import org.datong.auth.Principal;
import org.datong.node.HttpError;
import org.datong.stix.Timestamp;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonException;
import org.datong.stix.json.JsonLimits;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonStream;
import org.datong.stix.json.JsonString;
import org.datong.stix.json.JsonValue;
import org.datong.store.BatchResult;
import org.datong.store.ObjectQuery;
import org.datong.store.ObjectStore;
import org.datong.store.Outcome;
import org.datong.store.Page;
import org.datong.store.StoredCollection;
import org.datong.store.StixInput;
import org.datong.store.StoredObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The TAXII 2.1 server's handlers (one API root, {@value #API_ROOT_NAME}):
 * each parses the request, calls the store, and renders TAXII resources.
 * Routes are declared in {@code Node}; errors are thrown as {@link HttpError}
 * and rendered there.
 *
 * <p>Rights (TAXII 2.1 section 5.7's table, applied to every collection
 * endpoint): no right at all is 404 (or 401 without credentials), a missing
 * read or write right where the other exists is 403.
 */
public final class TaxiiApi {
    /** The TAXII media type this server speaks. */
    public static final String TAXII_MEDIA_TYPE = "application/taxii+json;version=2.1";
    /** The media type of the STIX content in collections. */
    public static final String STIX_MEDIA_TYPE = "application/stix+json;version=2.1";
    /** Name of the one API root, below the discovery URL. */
    public static final String API_ROOT_NAME = "datong";
    /** Discovery endpoint path. */
    public static final String DISCOVERY_PATH = "/taxii2/";
    /** API root path. */
    public static final String API_ROOT_PATH = DISCOVERY_PATH + API_ROOT_NAME + "/";

    /** TAXII timestamps (section 2) have exactly microsecond precision, unlike STIX ones. */
    private static final DateTimeFormatter TAXII_TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private static final Pattern POSITIVE_INTEGER = Pattern.compile("0*[1-9][0-9]*");
    /** Longer digit strings may not fit an int; shorter ones always do. */
    private static final int MAX_INT_DIGITS = 9;

    private static final Set<String> SINGLE_PARAMS = Set.of("added_after", "limit", "next",
            "match[id]", "match[type]", "match[version]", "match[spec_version]");

    private final ObjectStore store;
    private final StatusStore statuses;
    private final Clock clock;
    private final long maxContentLength;
    private final int maxPageSize;
    private final JsonLimits jsonLimits;
    private final String title;
    private final WriteTarget writeTarget;

    /**
     * Where a POST addressed to a collection is stored. The node uses it to
     * file what each peer pushes into the federation inbox in that peer's
     * own collection; the caller's write right on the addressed collection
     * is checked first.
     */
    @FunctionalInterface
    public interface WriteTarget {
        /** Every POST is stored in the collection it names. */
        WriteTarget AS_ADDRESSED = (addressed, principal) -> addressed;

        /**
         * @throws Refused when this caller's POST cannot be stored anywhere (answered 403 with the reason)
         */
        StoredCollection target(StoredCollection addressed, Principal principal);

        /** The caller may write the addressed collection, but its POST has no place to go; the message says why. */
        final class Refused extends RuntimeException {
            private static final long serialVersionUID = 1L;

            public Refused(String message) {
                super(message);
            }
        }
    }

    /**
     * @param store            the object store
     * @param statuses         where status resources are kept
     * @param clock            the node's clock
     * @param maxContentLength largest accepted request body, in bytes
     * @param maxPageSize      most objects per page
     * @param maxJsonDepth     deepest JSON nesting accepted in a POST
     * @param title            the node's name: the title of discovery and of the API root
     * @param writeTarget      where a POST is stored ({@link WriteTarget#AS_ADDRESSED} for the collection it names)
     */
    public TaxiiApi(ObjectStore store, StatusStore statuses, Clock clock, long maxContentLength, int maxPageSize,
                    int maxJsonDepth, String title, WriteTarget writeTarget) {
        this.store = store;
        this.statuses = statuses;
        this.clock = clock;
        this.maxContentLength = maxContentLength;
        this.maxPageSize = maxPageSize;
        this.jsonLimits = new JsonLimits(maxJsonDepth, JsonLimits.DEFAULT.maxStringLength(),
                JsonLimits.DEFAULT.maxNumberLength());
        this.title = title;
        this.writeTarget = writeTarget;
    }

    // ------------------------------------------------------------------ server information

    /**
     * GET /taxii2/ (section 4.1). API root URLs must be HTTPS absolute URLs or
     * relative ones (section 4.1.1): over HTTPS the absolute URL, over plain
     * HTTP (loopback, or allowed explicitly) the path.
     */
    public void discovery(Context ctx) {
        negotiate(ctx);
        String root = "https".equals(ctx.scheme()) ? "https://" + ctx.host() + API_ROOT_PATH : API_ROOT_PATH;
        respond(ctx, 200, JsonObject.builder()
                .put("title", title)
                .put("description", "STIX 2.1 over TAXII 2.1 from a Datong node")
                .put("default", root)
                .put("api_roots", JsonArray.ofStrings(List.of(root)))
                .build());
    }

    /** GET {api-root}/ (section 4.2). */
    public void apiRoot(Context ctx) {
        negotiate(ctx);
        respond(ctx, 200, JsonObject.builder()
                .put("title", title)
                .put("description", "The collections of " + title)
                .put("versions", JsonArray.ofStrings(List.of(TAXII_MEDIA_TYPE)))
                .put("max_content_length", maxContentLength)
                .build());
    }

    /** GET {api-root}/status/{status-id}/ (section 4.3). */
    public void status(Context ctx) {
        negotiate(ctx);
        Principal p = Authenticator.principal(ctx);
        if (p.anonymous()) {
            throw HttpError.unauthorized("status resources are only shown to the user who posted");
        }
        StatusStore.Status s = statuses.get(ctx.pathParam("status"))
                .filter(st -> st.owner().equals(p.name()))
                .orElseThrow(() -> HttpError.notFound("no status '" + ctx.pathParam("status") + "'"));
        ctx.status(200).contentType(TAXII_MEDIA_TYPE).result(s.json());
    }

    // ------------------------------------------------------------------ collections

    /** GET {api-root}/collections/ (section 5.1). */
    public void collections(Context ctx) {
        negotiate(ctx);
        Principal p = Authenticator.principal(ctx);
        List<JsonValue> out = new ArrayList<>();
        for (StoredCollection c : store.collections()) {
            if (p.canRead(c) || p.canWrite(c)) {
                out.add(collectionResource(c, p));
            }
        }
        JsonObject.Builder b = JsonObject.builder();
        if (!out.isEmpty()) {
            b.put("collections", JsonArray.of(out));
        }
        respond(ctx, 200, b.build());
    }

    /** GET {api-root}/collections/{id}/ (section 5.2). */
    public void collection(Context ctx) {
        negotiate(ctx);
        Principal p = Authenticator.principal(ctx);
        StoredCollection c = visible(ctx, p);
        respond(ctx, 200, collectionResource(c, p));
    }

    private static JsonObject collectionResource(StoredCollection c, Principal p) {
        return JsonObject.builder()
                .put("id", c.id())
                .put("title", c.title())
                .putIfNotNull("description", c.description())
                .putIfNotNull("alias", c.alias())
                .put("can_read", p.canRead(c))
                .put("can_write", p.canWrite(c))
                .put("media_types", JsonArray.ofStrings(List.of(STIX_MEDIA_TYPE)))
                .build();
    }

    // ------------------------------------------------------------------ objects

    /** GET {api-root}/collections/{id}/objects/ (section 5.4). */
    public void getObjects(Context ctx) {
        negotiate(ctx);
        StoredCollection c = readable(ctx);
        ObjectQuery q = query(ctx, false);
        respondObjects(ctx, read(c, q, () -> store.objects(c.id(), q)));
    }

    /** GET {api-root}/collections/{id}/objects/{object-id}/ (section 5.6). */
    public void getObject(Context ctx) {
        negotiate(ctx);
        StoredCollection c = readable(ctx);
        String objectId = ctx.pathParam("object");
        ObjectQuery q = query(ctx, false).withIds(Set.of(objectId));
        Answer answer = read(c, q, () -> store.objects(c.id(), q));
        if (answer.page().objects().isEmpty()) {
            requireObject(c, objectId);
        }
        respondObjects(ctx, answer);
    }

    /**
     * 404 unless the collection holds some version of the object. An object
     * that exists but whose versions the filters exclude (added_after past its
     * last version, another match[version]) gets an empty answer, not 404:
     * sections 5.6 and 5.8 keep 404 for an object that is not there.
     */
    private void requireObject(StoredCollection c, String objectId) {
        if (store.versions(c.id(), objectId, ObjectQuery.all().withLimit(1)).objects().isEmpty()) {
            throw HttpError.notFound("no object '" + objectId + "' in collection '" + c.id() + "'");
        }
    }

    /** GET {api-root}/collections/{id}/manifest/ (section 5.3). */
    public void manifest(Context ctx) {
        negotiate(ctx);
        StoredCollection c = readable(ctx);
        ObjectQuery q = query(ctx, false);
        Answer answer = read(c, q, () -> store.manifest(c.id(), q));
        Page page = answer.page();
        List<JsonValue> entries = new ArrayList<>(page.objects().size());
        for (StoredObject o : page.objects()) {
            entries.add(JsonObject.builder()
                    .put("id", o.id())
                    .put("date_added", timestamp(o.dateAdded()))
                    .put("version", versionOf(o))
                    .put("media_type", "application/stix+json;version=" + o.specVersion())
                    .build());
        }
        respondPage(ctx, answer, "objects", entries);
    }

    /** GET {api-root}/collections/{id}/objects/{object-id}/versions/ (section 5.8). */
    public void versions(Context ctx) {
        negotiate(ctx);
        StoredCollection c = readable(ctx);
        String objectId = ctx.pathParam("object");
        ObjectQuery q = query(ctx, false);
        Answer answer = read(c, q, () -> store.versions(c.id(), objectId, q));
        if (answer.page().objects().isEmpty()) {
            requireObject(c, objectId);
        }
        List<JsonValue> versions = answer.page().objects().stream()
                .<JsonValue>map(o -> new JsonString(versionOf(o))).toList();
        respondPage(ctx, answer, "versions", versions);
    }

    /** DELETE {api-root}/collections/{id}/objects/{object-id}/ (section 5.7). */
    public void deleteObject(Context ctx) {
        negotiate(ctx);
        Principal p = Authenticator.principal(ctx);
        StoredCollection c = visible(ctx, p);
        if (p.anonymous() && !p.canWrite(c)) {
            throw HttpError.unauthorized("deleting from collection '" + c.id() + "' needs credentials");
        }
        if (!p.canRead(c) || !p.canWrite(c)) {
            throw HttpError.forbidden("deleting needs both read and write rights on collection '" + c.id() + "'");
        }
        String objectId = ctx.pathParam("object");
        ObjectQuery q = query(ctx, true);
        if (store.delete(c.id(), objectId, q) == 0) {
            throw HttpError.notFound("no object '" + objectId + "' matching the request in collection '" + c.id() + "'");
        }
        ctx.status(200).contentType(TAXII_MEDIA_TYPE);
    }

    /** POST {api-root}/collections/{id}/objects/ (section 5.5): stores the envelope, answers a status. */
    public void addObjects(Context ctx) {
        negotiate(ctx);
        String contentType = ctx.header("Content-Type");
        if (!isTaxiiMediaType(contentType)) {
            throw new HttpError(415, "Unsupported media type",
                    "POST a TAXII envelope as " + TAXII_MEDIA_TYPE + ", not " + (contentType == null ? "nothing" : contentType));
        }
        Principal p = Authenticator.principal(ctx);
        StoredCollection c;
        try {
            c = writeTarget.target(writable(ctx, p), p);
        } catch (WriteTarget.Refused e) {
            throw HttpError.forbidden(e.getMessage());
        }
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxContentLength) {
            throw tooLarge(declared);
        }
        Instant requested = clock.instant();
        byte[] body = readBody(ctx);
        String statusId = UUID.randomUUID().toString();
        // The fast path splits the envelope into unparsed members, which the store parses and checks
        // on several threads; anything it is unsure of (and any member that turns out malformed, in
        // which case the transaction kept nothing) goes through the exact reader, whose answer is final.
        List<StixInput> split = EnvelopeSplitter.split(body, jsonLimits);
        String status = null;
        if (split != null) {
            try {
                status = store(c, p, statusId, requested, split);
            } catch (JsonException e) {
                status = null;
            }
        }
        if (status == null) {
            status = store(c, p, statusId, requested, readEnvelope(body));
        }
        ctx.status(202).contentType(TAXII_MEDIA_TYPE).result(status);
    }

    /** Stores the objects and their status resource in one transaction; returns the status as JSON text. */
    private String store(StoredCollection c, Principal p, String statusId, Instant requested, List<StixInput> objects) {
        return statuses.saveWith(statusId, c.id(), p.name(),
                () -> statusResource(statusId, requested, store.addInputs(c.id(), objects)));
    }

    /** The POSTed body, at most max_content_length bytes. */
    private byte[] readBody(Context ctx) {
        try (InputStream in = new LimitedInputStream(ctx.bodyInputStream(), maxContentLength)) {
            return in.readAllBytes();
        } catch (LimitedInputStream.TooLarge e) {
            throw tooLarge(-1);
        } catch (IOException e) {
            throw HttpError.badRequest("cannot read the request body: " + e.getMessage());
        }
    }

    /**
     * Reads the envelope with the exact reader: each member of {@code objects}
     * is parsed here and kept together with its exact bytes, which the store
     * keeps as the object's text; any problem is a 400 or 422.
     */
    private List<StixInput> readEnvelope(byte[] body) {
        try {
            return envelopeObjects(body, jsonLimits);
        } catch (JsonException e) {
            throw HttpError.badRequest("the request body is not well-formed JSON: " + e.getMessage());
        } catch (NotAnEnvelope e) {
            throw new HttpError(422, "Unprocessable content", "the request body is JSON but not a TAXII envelope: "
                    + e.getMessage());
        }
    }

    /** Well-formed JSON that is not a TAXII envelope (answered with 422). */
    static final class NotAnEnvelope extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotAnEnvelope(String message) {
            super(message);
        }
    }

    /** The members of an envelope's {@code objects}, each with its original text. */
    static List<StixInput> envelopeObjects(byte[] body, JsonLimits limits) {
        List<StixInput> objects = null;
        try (JsonStream s = JsonStream.of(body, limits)) {
            if (s.next() != JsonStream.Event.START_OBJECT) {
                try (JsonStream whole = JsonStream.of(body, limits)) {
                    whole.readDocument();
                }
                throw new NotAnEnvelope("expected a JSON object with an 'objects' array");
            }
            boolean objectsNotArray = false;
            JsonStream.Event e;
            while ((e = s.next()) == JsonStream.Event.KEY) {
                String key = s.key();
                JsonStream.Event value = s.next();
                if (!"objects".equals(key)) {
                    s.skipValue();
                    continue;
                }
                if (objects != null) {
                    throw s.error("duplicate key 'objects'");
                }
                if (value != JsonStream.Event.START_ARRAY) {
                    s.readValue();
                    objectsNotArray = true;
                    continue;
                }
                objects = new ArrayList<>();
                JsonStream.Event item;
                while ((item = s.next()) != JsonStream.Event.END_ARRAY) {
                    if (item == JsonStream.Event.END) {
                        throw s.error("unexpected end of input inside 'objects'");
                    }
                    int start = (int) s.offset();
                    JsonValue v = s.readValue();
                    String text = null;
                    if (item == JsonStream.Event.START_OBJECT) {
                        int end = (int) s.offset() + 1;
                        text = new String(body, start, end - start, StandardCharsets.UTF_8);
                    }
                    objects.add(new StixInput(v, text));
                }
            }
            if (e != JsonStream.Event.END_OBJECT || s.next() != JsonStream.Event.END) {
                throw s.error("unexpected content in the envelope");
            }
            if (objectsNotArray) {
                throw new NotAnEnvelope("'objects' must be an array");
            }
            if (objects == null) {
                throw new NotAnEnvelope("the envelope has no 'objects' array");
            }
        }
        return objects;
    }

    private HttpError tooLarge(long declared) {
        return new HttpError(413, "Request too large", "the request body"
                + (declared > 0 ? " (" + declared + " bytes)" : "") + " exceeds max_content_length, "
                + maxContentLength + " bytes");
    }

    /** The status resource (section 4.3.1) for a finished POST. */
    private static JsonObject statusResource(String id, Instant requested, BatchResult result) {
        List<JsonValue> successes = new ArrayList<>();
        List<JsonValue> failures = new ArrayList<>();
        for (Outcome o : result.outcomes()) {
            JsonObject.Builder d = JsonObject.builder()
                    .put("id", o.id() != null ? o.id() : "$.objects[" + o.index() + "]")
                    .put("version", versionOf(o, result));
            switch (o.status()) {
                case STORED -> successes.add(d.build());
                case DUPLICATE -> successes.add(d.put("message", "this version was already in the collection").build());
                case REFUSED -> failures.add(d.put("message", o.reason()).build());
            }
        }
        // Section 2: empty lists are prohibited; an optional list without members is left out.
        JsonObject.Builder b = JsonObject.builder()
                .put("id", id)
                .put("status", "complete")
                .put("request_timestamp", timestamp(requested))
                .put("total_count", result.outcomes().size())
                .put("success_count", successes.size());
        if (!successes.isEmpty()) {
            b.put("successes", JsonArray.of(successes));
        }
        b.put("failure_count", failures.size());
        if (!failures.isEmpty()) {
            b.put("failures", JsonArray.of(failures));
        }
        return b.put("pending_count", 0).build();
    }

    // ------------------------------------------------------------------ rendering

    /**
     * A page read for a GET, and for an empty page the instant its date
     * headers give.
     *
     * @param reach null unless the page is empty; then the latest date_added up to which nothing
     *              matches: the collection's last write (read before the query was repeated, so an
     *              object committed meanwhile is in the page, not skipped), or added_after when later
     */
    private record Answer(Page page, Instant reach) {
    }

    /**
     * Reads a page. TAXII 2.1 section 3.2 requires X-TAXII-Date-Added-First and
     * -Last on every 200 answer of these endpoints but defines them only by the
     * objects of the answer; on an empty page both carry the point the answer
     * reaches, so a client continuing with added_after set to it (section 3.5)
     * misses nothing and does not ask about the same objects again.
     */
    private Answer read(StoredCollection c, ObjectQuery q, Supplier<Page> query) {
        Page page = query.get();
        if (!page.objects().isEmpty()) {
            return new Answer(page, null);
        }
        Instant last = store.lastAdded(c.id());
        page = query.get();
        if (!page.objects().isEmpty()) {
            return new Answer(page, null);
        }
        Instant after = q.addedAfter();
        return new Answer(page, after != null && after.isAfter(last) ? after : last);
    }

    private static void respondObjects(Context ctx, Answer answer) {
        Page page = answer.page();
        if (page.objects().isEmpty()) {
            // section 3.7: an empty envelope, without 'objects' (and nothing more to page through)
            dateHeaders(ctx, answer);
            respond(ctx, 200, JsonObject.EMPTY);
            return;
        }
        StringBuilder body = new StringBuilder(page.objects().size() * 512 + 64);
        body.append("{\"more\":").append(page.more());
        if (page.next() != null) {
            body.append(",\"next\":").append(Json.write(new JsonString(page.next())));
        }
        if (!page.objects().isEmpty()) {
            body.append(",\"objects\":[");
            boolean first = true;
            for (StoredObject o : page.objects()) {
                if (!first) {
                    body.append(',');
                }
                first = false;
                body.append(o.json());
            }
            body.append(']');
        }
        body.append('}');
        dateHeaders(ctx, answer);
        ctx.status(200).contentType(TAXII_MEDIA_TYPE).result(body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void respondPage(Context ctx, Answer answer, String member, List<JsonValue> entries) {
        Page page = answer.page();
        dateHeaders(ctx, answer);
        if (entries.isEmpty()) {
            // sections 5.3.1 and 5.8.1: without entries the list is omitted "and the response is an empty object"
            respond(ctx, 200, JsonObject.EMPTY);
            return;
        }
        JsonObject.Builder b = JsonObject.builder().put("more", page.more());
        if (page.next() != null) {
            b.put("next", page.next());
        }
        respond(ctx, 200, b.put(member, JsonArray.of(entries)).build());
    }

    private static void dateHeaders(Context ctx, Answer answer) {
        List<StoredObject> objects = answer.page().objects();
        Instant first = objects.isEmpty() ? answer.reach() : objects.getFirst().dateAdded();
        Instant last = objects.isEmpty() ? answer.reach() : objects.getLast().dateAdded();
        ctx.header("X-TAXII-Date-Added-First", timestamp(first));
        ctx.header("X-TAXII-Date-Added-Last", timestamp(last));
    }

    private static void respond(Context ctx, int status, JsonObject body) {
        ctx.status(status).contentType(TAXII_MEDIA_TYPE).result(Json.writeBytes(body));
    }

    /**
     * The version a client sees: the object's own ({@code modified}, else
     * {@code created}), else its date_added. Sections 3.4.1, 4.3.1 and 5.3.1
     * ask for "a value for the version that is consistent to the server"
     * for objects with neither; date_added is the one value the manifest,
     * the versions list, the status and {@code match[version]} all agree on.
     */
    private static String versionOf(StoredObject o) {
        return o.version() != null ? o.version() : timestamp(o.dateAdded());
    }

    /**
     * The version of a POSTed object in its status, as {@link #versionOf(StoredObject)}
     * gives it once stored: for one without created/modified, the date_added of
     * the copy the collection holds (this request's for a new or refused object).
     */
    private static String versionOf(Outcome o, BatchResult result) {
        if (o.version() != null) {
            return o.version();
        }
        return timestamp(o.dateAdded() != null ? o.dateAdded() : result.dateAdded());
    }

    /** A TAXII timestamp: UTC, six fraction digits. */
    static String timestamp(Instant t) {
        return TAXII_TIMESTAMP.format(t);
    }

    // ------------------------------------------------------------------ requests

    /**
     * 406 unless the Accept header admits TAXII 2.1 (no header admits anything).
     * Media ranges follow RFC 7231 section 5.3.2: type and parameter names are
     * case-insensitive, values may be quoted, and a weight of {@code q=0} (or a
     * malformed one) means "not acceptable".
     */
    static void negotiate(Context ctx) {
        String accept = ctx.header("Accept");
        if (accept == null || accept.isBlank()) {
            return;
        }
        for (String range : accept.split(",")) {
            MediaType m = MediaType.parse(range);
            if (!m.acceptable()) {
                continue;
            }
            if (m.type().equals("*/*") || m.type().equals("application/*")) {
                return;
            }
            if (m.type().equals("application/taxii+json") && m.admitsVersion21()) {
                return;
            }
        }
        throw new HttpError(406, "Not acceptable", "this server answers with " + TAXII_MEDIA_TYPE
                + "; the Accept header asks for " + accept);
    }

    static boolean isTaxiiMediaType(String contentType) {
        if (contentType == null) {
            return false;
        }
        MediaType m = MediaType.parse(contentType);
        return m.type().equals("application/taxii+json") && m.admitsVersion21();
    }

    /**
     * A media type or media range with its parameters (RFC 7231 section 3.1.1.1):
     * type lowercased, parameter names lowercased, quoted values unquoted.
     */
    private record MediaType(String type, Map<String, String> params) {
        static MediaType parse(String text) {
            String[] parts = text.split(";");
            Map<String, String> params = new HashMap<>();
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim();
                int eq = p.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String value = p.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1).replaceAll("\\\\(.)", "$1");
                }
                params.putIfAbsent(p.substring(0, eq).trim().toLowerCase(Locale.ROOT), value);
            }
            return new MediaType(parts[0].trim().toLowerCase(Locale.ROOT), params);
        }

        /** Without a version parameter TAXII 2.1 is admitted; with one, only 2.1. */
        boolean admitsVersion21() {
            String v = params.get("version");
            return v == null || v.equals("2.1");
        }

        /** False for a weight of zero or a malformed weight. */
        boolean acceptable() {
            String q = params.get("q");
            if (q == null) {
                return true;
            }
            if (!QUALITY.matcher(q).matches()) {
                return false;
            }
            return Double.parseDouble(q) > 0;
        }
    }

    /** An RFC 7231 weight: 0 to 1 with at most three decimals. */
    private static final Pattern QUALITY = Pattern.compile("0(\\.[0-9]{0,3})?|1(\\.0{0,3})?");

    /** The collection in the path, when the caller has any right on it. */
    private StoredCollection visible(Context ctx, Principal p) {
        String id = ctx.pathParam("collection");
        StoredCollection c = store.collection(id).orElse(null);
        if (c == null || !(p.canRead(c) || p.canWrite(c))) {
            // The same answer whether the collection exists or not, so callers without credentials
            // cannot learn which collection ids are taken.
            if (p.anonymous()) {
                throw HttpError.unauthorized("collection '" + id + "' needs credentials, if it exists");
            }
            throw HttpError.notFound("no collection '" + id + "'");
        }
        return c;
    }

    private StoredCollection readable(Context ctx) {
        Principal p = Authenticator.principal(ctx);
        StoredCollection c = visible(ctx, p);
        if (!p.canRead(c)) {
            throw HttpError.forbidden("no read right on collection '" + c.id() + "'");
        }
        return c;
    }

    private StoredCollection writable(Context ctx, Principal p) {
        StoredCollection c = visible(ctx, p);
        if (!p.canWrite(c)) {
            if (p.anonymous()) {
                throw HttpError.unauthorized("writing to collection '" + c.id() + "' needs credentials");
            }
            throw HttpError.forbidden("no write right on collection '" + c.id() + "'");
        }
        return c;
    }

    /**
     * The filters of section 3.4 from the query string. Each parameter may
     * appear once; unknown match fields are ignored as the spec allows.
     *
     * @param forDelete true for DELETE, where no match[version] means every version
     */
    private ObjectQuery query(Context ctx, boolean forDelete) {
        Map<String, List<String>> params = ctx.queryParamMap();
        for (var e : params.entrySet()) {
            if (SINGLE_PARAMS.contains(e.getKey()) && e.getValue().size() > 1) {
                throw HttpError.badRequest("'" + e.getKey() + "' may appear only once");
            }
        }
        Instant addedAfter = null;
        String after = ctx.queryParam("added_after");
        if (after != null) {
            String problem = Timestamp.problem(after);
            if (problem != null) {
                throw HttpError.badRequest("added_after: " + problem);
            }
            addedAfter = Timestamp.parse(after).instant();
        }
        int limit = maxPageSize;
        String limitText = ctx.queryParam("limit");
        if (limitText != null) {
            if (!POSITIVE_INTEGER.matcher(limitText).matches()) {
                throw HttpError.badRequest("limit must be a positive integer, not '" + limitText + "'");
            }
            // Any positive integer is a valid limit; beyond the page size (or an int) it is the page size.
            String digits = limitText.replaceFirst("^0+", "");
            limit = digits.length() > MAX_INT_DIGITS ? maxPageSize : Math.min(Integer.parseInt(digits), maxPageSize);
        }
        String version = ctx.queryParam("match[version]");
        ObjectQuery.Versions versions = version != null ? ObjectQuery.Versions.parse(version)
                : forDelete ? ObjectQuery.Versions.ALL : ObjectQuery.Versions.LAST;
        String next = ctx.queryParam("next");
        return new ObjectQuery(addedAfter, next == null || next.isEmpty() ? null : next,
                csv(ctx, "match[id]"), csv(ctx, "match[type]"), versions, csv(ctx, "match[spec_version]"), limit);
    }

    private static Set<String> csv(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>(Arrays.asList(v.split(",", -1)));
        if (out.contains("")) {
            throw HttpError.badRequest(name + " has an empty value");
        }
        return out;
    }
}
