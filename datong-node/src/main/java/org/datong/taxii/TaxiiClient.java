package org.datong.taxii;

import org.datong.stix.json.Json;
import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonException;
import org.datong.stix.json.JsonNumber;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonValue;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A TAXII 2.1 client: discovery, API root, collections, pages of objects and
 * manifests, posting envelopes and following their status.
 *
 * <p>Built with the URL of a server's discovery endpoint or of an API root
 * ({@link Builder}); when given a discovery URL, the client uses its default
 * API root (else the first listed). Requests that fail with 429 or a 5xx
 * status, or cannot connect, are retried with exponential backoff (honouring
 * {@code Retry-After} in seconds); other failures raise {@link TaxiiException}.
 * Thread-safe.
 */
public final class TaxiiClient {
    private final HttpClient http;
    private final URI url;
    private final String authorization;
    private final Duration timeout;
    private final int retries;
    private final Duration backoff;
    private volatile URI apiRoot;

    private TaxiiClient(Builder b) {
        HttpClient.Builder hb = HttpClient.newBuilder().connectTimeout(b.timeout)
                .followRedirects(HttpClient.Redirect.NORMAL);
        if (b.sslContext != null) {
            hb.sslContext(b.sslContext);
        }
        this.http = hb.build();
        this.url = withSlash(b.url);
        this.authorization = b.authorization;
        this.timeout = b.timeout;
        this.retries = b.retries;
        this.backoff = b.backoff;
    }

    /** A client for a discovery or API root URL. */
    public static Builder builder(URI url) {
        return new Builder(url);
    }

    /** Options of a client. */
    public static final class Builder {
        private final URI url;
        private String authorization;
        private Duration timeout = Duration.ofSeconds(30);
        private int retries = 3;
        private Duration backoff = Duration.ofMillis(500);
        private SSLContext sslContext;

        private Builder(URI url) {
            this.url = Objects.requireNonNull(url, "url");
        }

        /** HTTP Basic credentials. */
        public Builder basic(String user, String password) {
            authorization = "Basic " + Base64.getEncoder().encodeToString(
                    (user + ":" + password).getBytes(StandardCharsets.UTF_8));
            return this;
        }

        /** A bearer API token. */
        public Builder bearer(String token) {
            authorization = "Bearer " + token;
            return this;
        }

        /** Connect and request timeout (default 30 s). */
        public Builder timeout(Duration t) {
            timeout = t;
            return this;
        }

        /** How many times a request is retried on 429, 5xx or a connection failure (default 3). */
        public Builder retries(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("retries must not be negative");
            }
            retries = n;
            return this;
        }

        /** The first retry's delay; each further retry doubles it (default 500 ms). */
        public Builder backoff(Duration first) {
            backoff = first;
            return this;
        }

        /** The TLS context to trust the server with (default: the JDK's trust store). */
        public Builder sslContext(SSLContext context) {
            sslContext = context;
            return this;
        }

        public TaxiiClient build() {
            return new TaxiiClient(this);
        }
    }

    // ------------------------------------------------------------------ resources

    /** The discovery resource (section 4.1.1). */
    public record Discovery(String title, String defaultApiRoot, List<String> apiRoots, JsonObject json) {
    }

    /** The API root resource (section 4.2.1). */
    public record ApiRoot(String title, List<String> versions, long maxContentLength, JsonObject json) {
    }

    /** A collection resource (section 5.2.1). */
    public record Collection(String id, String title, String description, boolean canRead, boolean canWrite,
                             List<String> mediaTypes) {
    }

    /**
     * One page of objects, manifest entries or versions.
     *
     * @param items          the objects (or manifest entries, or version strings)
     * @param more           true when the server has more
     * @param next           the server's cursor for the next page, or null
     * @param dateAddedFirst the X-TAXII-Date-Added-First header, or null
     * @param dateAddedLast  the X-TAXII-Date-Added-Last header, or null
     */
    public record Page<T>(List<T> items, boolean more, String next, String dateAddedFirst, String dateAddedLast) {
    }

    /**
     * Filters of a request (section 3.4); null means not sent.
     *
     * @param addedAfter added_after timestamp text
     * @param limit      page size
     * @param next       cursor from the previous page
     * @param match      match[field] values by field name, e.g. {@code type -> "indicator,malware"}
     */
    public record Query(String addedAfter, Integer limit, String next, Map<String, String> match) {
        public Query {
            match = Map.copyOf(match == null ? Map.of() : match);
        }

        public static Query all() {
            return new Query(null, null, null, Map.of());
        }

        public Query withAddedAfter(String t) {
            return new Query(t, limit, next, match);
        }

        public Query withLimit(Integer n) {
            return new Query(addedAfter, n, next, match);
        }

        public Query withNext(String cursor) {
            return new Query(addedAfter, limit, cursor, match);
        }

        public Query withMatch(String field, String values) {
            Map<String, String> m = new LinkedHashMap<>(match);
            m.put(field, values);
            return new Query(addedAfter, limit, next, m);
        }

        String queryString() {
            List<String> parts = new ArrayList<>();
            if (addedAfter != null) {
                parts.add("added_after=" + enc(addedAfter));
            }
            if (limit != null) {
                parts.add("limit=" + limit);
            }
            if (next != null) {
                parts.add("next=" + enc(next));
            }
            match.forEach((k, v) -> parts.add(enc("match[" + k + "]") + "=" + enc(v)));
            return parts.isEmpty() ? "" : "?" + String.join("&", parts);
        }
    }

    /** A status resource (section 4.3.1). */
    public record Status(String id, String status, long totalCount, long successCount, long failureCount,
                         long pendingCount, JsonObject json) {
        public boolean complete() {
            return "complete".equals(status);
        }

        /** The failures' details ({@code id}, {@code version}, {@code message}). */
        public List<JsonObject> failures() {
            JsonArray a = json.getArray("failures");
            return a == null ? List.of() : a.stream().map(JsonObject.class::cast).toList();
        }
    }

    // ------------------------------------------------------------------ calls

    /**
     * The server's discovery resource, at {@code /taxii2/} of the client's host;
     * relative API root URLs are resolved against it.
     */
    public Discovery discovery() {
        URI at = url.resolve("/taxii2/");
        JsonObject o = getJson(at).body;
        String chosen = o.getString("default");
        return new Discovery(o.getString("title"), chosen == null ? null : at.resolve(chosen).toString(),
                o.getStrings("api_roots").stream().map(r -> at.resolve(r).toString()).toList(), o);
    }

    /** The API root in use (resolved from a discovery URL on first use). */
    public URI apiRoot() {
        URI r = apiRoot;
        if (r == null) {
            JsonObject o = getJson(url).body;
            if (o.has("api_roots")) {
                String chosen = o.getString("default");
                if (chosen == null) {
                    List<String> roots = o.getStrings("api_roots");
                    if (roots.isEmpty()) {
                        throw new TaxiiException(0, "No API root", url + " is a discovery endpoint without API roots");
                    }
                    chosen = roots.getFirst();
                }
                r = withSlash(url.resolve(chosen));
            } else {
                r = url;
            }
            apiRoot = r;
        }
        return r;
    }

    public ApiRoot apiRootInformation() {
        JsonObject o = getJson(apiRoot()).body;
        JsonValue max = o.get("max_content_length");
        return new ApiRoot(o.getString("title"), o.getStrings("versions"),
                max instanceof JsonNumber n ? n.longValue() : -1, o);
    }

    public List<Collection> collections() {
        JsonObject o = getJson(apiRoot().resolve("collections/")).body;
        JsonArray a = o.getArray("collections");
        if (a == null) {
            return List.of();
        }
        return a.stream().map(v -> collection((JsonObject) v)).toList();
    }

    public Collection collection(String id) {
        return collection(getJson(URI.create(collectionUrl(id))).body);
    }

    private static Collection collection(JsonObject c) {
        return new Collection(c.getString("id"), c.getString("title"), c.getString("description"),
                c.getBoolean("can_read", false), c.getBoolean("can_write", false), c.getStrings("media_types"));
    }

    /** One page of objects of a collection. */
    public Page<JsonObject> objects(String collectionId, Query query) {
        Response r = getJson(URI.create(collectionUrl(collectionId) + "objects/" + query.queryString()));
        return page(r, "objects", v -> (JsonObject) v);
    }

    /** One page of a single object's versions as objects (GET .../objects/{id}/). */
    public Page<JsonObject> object(String collectionId, String objectId, Query query) {
        Response r = getJson(URI.create(collectionUrl(collectionId) + "objects/" + enc(objectId) + "/"
                + query.queryString()));
        return page(r, "objects", v -> (JsonObject) v);
    }

    /** One page of a collection's manifest. */
    public Page<JsonObject> manifest(String collectionId, Query query) {
        Response r = getJson(URI.create(collectionUrl(collectionId) + "manifest/" + query.queryString()));
        return page(r, "objects", v -> (JsonObject) v);
    }

    /** One page of an object's versions. */
    public Page<String> versions(String collectionId, String objectId, Query query) {
        Response r = getJson(URI.create(collectionUrl(collectionId) + "objects/" + enc(objectId) + "/versions/"
                + query.queryString()));
        return page(r, "versions", JsonValue::asString);
    }

    /** Deletes an object (all versions, or those the query's match[version] selects). */
    public void delete(String collectionId, String objectId, Query query) {
        send(HttpRequest.newBuilder(URI.create(collectionUrl(collectionId) + "objects/" + enc(objectId) + "/"
                + query.queryString())).DELETE());
    }

    /**
     * Posts objects as one envelope; returns the status the server answered with.
     * To stay within the server's max_content_length, cut them with {@link Envelopes#split} first.
     */
    public Status post(String collectionId, List<? extends JsonValue> objects) {
        JsonObject envelope = JsonObject.builder().put("objects", JsonArray.of(objects)).build();
        return post(collectionId, Json.writeBytes(envelope));
    }

    /** Posts an envelope made by {@link Envelopes#split}; returns the status the server answered with. */
    public Status post(String collectionId, Envelopes.Envelope envelope) {
        return post(collectionId, envelope.body());
    }

    private Status post(String collectionId, byte[] body) {
        Response r = send(HttpRequest.newBuilder(URI.create(collectionUrl(collectionId) + "objects/"))
                .header("Content-Type", TaxiiApi.TAXII_MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        return status(r.body);
    }

    /** A status resource by id. */
    public Status status(String statusId) {
        return status(getJson(apiRoot().resolve("status/" + enc(statusId) + "/")).body);
    }

    /**
     * Posts objects and follows the status until it is complete or the wait is
     * over; returns the last status seen.
     */
    public Status postAndWait(String collectionId, List<? extends JsonValue> objects, Duration maxWait) {
        return await(post(collectionId, objects), maxWait);
    }

    /** {@link #postAndWait(String, List, Duration)} for an envelope made by {@link Envelopes#split}. */
    public Status postAndWait(String collectionId, Envelopes.Envelope envelope, Duration maxWait) {
        return await(post(collectionId, envelope), maxWait);
    }

    private Status await(Status posted, Duration maxWait) {
        Status s = posted;
        long deadline = System.nanoTime() + maxWait.toNanos();
        long delay = Math.max(1, backoff.toMillis());
        while (!s.complete() && System.nanoTime() < deadline) {
            sleep(delay);
            delay = Math.min(delay * 2, 5_000);
            s = status(s.id());
        }
        return s;
    }

    private static Status status(JsonObject o) {
        return new Status(o.getString("id"), o.getString("status"), count(o, "total_count"), count(o, "success_count"),
                count(o, "failure_count"), count(o, "pending_count"), o);
    }

    private static long count(JsonObject o, String key) {
        return o.get(key) instanceof JsonNumber n ? n.longValue() : 0;
    }

    private static <T> Page<T> page(Response r, String member, Function<JsonValue, T> map) {
        JsonArray a = r.body.getArray(member);
        List<T> items = a == null ? List.of() : a.stream().map(map).toList();
        return new Page<>(items, r.body.getBoolean("more", false), r.body.getString("next"),
                r.headers.firstValue("X-TAXII-Date-Added-First").orElse(null),
                r.headers.firstValue("X-TAXII-Date-Added-Last").orElse(null));
    }

    private String collectionUrl(String id) {
        return apiRoot() + "collections/" + enc(id) + "/";
    }

    // ------------------------------------------------------------------ HTTP

    private record Response(JsonObject body, java.net.http.HttpHeaders headers) {
    }

    private Response getJson(URI u) {
        return send(HttpRequest.newBuilder(u).GET());
    }

    private Response send(HttpRequest.Builder rb) {
        rb.timeout(timeout).header("Accept", TaxiiApi.TAXII_MEDIA_TYPE).header("User-Agent", "datong-taxii-client");
        if (authorization != null) {
            rb.header("Authorization", authorization);
        }
        HttpRequest request = rb.build();
        long delay = Math.max(1, backoff.toMillis());
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (SSLHandshakeException e) {
                // a certificate the client does not trust stays untrusted: no retry
                throw new TaxiiException(0, "TLS handshake failed", request.method() + " " + request.uri() + ": "
                        + e.getMessage() + (String.valueOf(e.getMessage()).contains("PKIX")
                        ? " (the server's certificate does not chain to a CA this client trusts; trust a private CA"
                        + " with sslContext(...), or --ca PEM on the command line)" : ""), e);
            } catch (IOException e) {
                if (attempt < retries) {
                    sleep(delay);
                    delay *= 2;
                    continue;
                }
                throw new TaxiiException(0, "Connection failed", request.method() + " " + request.uri() + ": "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TaxiiException(0, "Interrupted", request.method() + " " + request.uri());
            }
            int code = response.statusCode();
            if ((code == 429 || code >= 500) && attempt < retries) {
                sleep(retryAfter(response).orElse(delay));
                delay *= 2;
                continue;
            }
            if (code / 100 != 2) {
                throw error(request, response);
            }
            String text = response.body();
            if (text == null || text.isBlank()) {
                return new Response(JsonObject.EMPTY, response.headers());
            }
            try {
                return new Response(Json.parseObject(text), response.headers());
            } catch (JsonException | IllegalArgumentException e) {
                throw new TaxiiException(code, "Not TAXII", request.method() + " " + request.uri()
                        + " answered something that is not a JSON object: " + e.getMessage());
            }
        }
    }

    private static Optional<Long> retryAfter(HttpResponse<?> r) {
        return r.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                return Optional.of(Math.min(60_000L, Long.parseLong(v.trim()) * 1000L));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private static TaxiiException error(HttpRequest request, HttpResponse<String> response) {
        String title = "HTTP " + response.statusCode();
        String description = null;
        try {
            JsonObject o = Json.parseObject(response.body());
            title = Optional.ofNullable(o.getString("title")).orElse(title);
            description = o.getString("description");
        } catch (RuntimeException e) {
            // not a TAXII error message; keep the status line
        }
        return new TaxiiException(response.statusCode(), title, request.method() + " " + request.uri()
                + (description == null ? "" : ": " + description));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaxiiException(0, "Interrupted", "while waiting to retry");
        }
    }

    private static URI withSlash(URI u) {
        String s = u.toString();
        return s.endsWith("/") ? u : URI.create(s + "/");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
