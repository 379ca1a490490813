package org.datong.federation;

import org.datong.stix.Timestamp;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonException;
import org.datong.stix.json.JsonNumber;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonValue;
import org.datong.taxii.Envelopes;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;

/** {@link PeerLink} over HTTP(S) with the JDK client: TAXII 2.1 GET objects and POST envelope. */
final class HttpPeerLink implements PeerLink {
    static final String TAXII = "application/taxii+json;version=2.1";
    /** How many times a pending status is polled before giving up on the envelope. */
    private static final int STATUS_POLLS = 50;
    private static final Duration STATUS_POLL_WAIT = Duration.ofMillis(100);

    private final Peer peer;
    private final HttpClient http;
    private final Duration timeout;
    /** The peer's max_content_length: -1 until read, 0 when the peer states none. */
    private volatile long maxContentLength = -1;

    HttpPeerLink(Peer peer, HttpClient http, Duration timeout) {
        this.peer = peer;
        this.http = http;
        this.timeout = timeout;
    }

    @Override
    public PullPage pull(String collection, Instant addedAfter, String next, int limit) throws Unavailable {
        StringBuilder q = new StringBuilder("?match%5Bversion%5D=all&limit=").append(limit);
        if (addedAfter != null) {
            q.append("&added_after=").append(enc(Timestamp.of(addedAfter).text()));
        }
        if (next != null) {
            q.append("&next=").append(enc(next));
        }
        HttpResponse<byte[]> r = send(request(URI.create(objectsUri(collection) + q.toString())).GET().build());
        JsonObject envelope = body(r);
        List<JsonObject> objects = new ArrayList<>();
        JsonArray arr = envelope.getArray("objects");
        if (arr != null) {
            for (JsonValue v : arr) {
                if (v instanceof JsonObject o) {
                    objects.add(o);
                }
            }
        }
        Instant last = r.headers().firstValue("X-TAXII-Date-Added-Last")
                .map(Timestamp::parseOrNull).map(Timestamp::instant).orElse(null);
        boolean more = envelope.getBoolean("more", false);
        return new PullPage(objects, more, more ? envelope.getString("next") : null, last);
    }

    /**
     * Posts the objects in envelopes that fit the peer's max_content_length
     * (cut by {@link Envelopes}, as {@code datong taxii push} does), each
     * followed to its final status. The limit is read from the peer's API
     * root on the first push and again after a 413, which may mean it was
     * lowered; if the peer still answers 413 the envelope is halved, down to
     * single objects. An object too large to be sent alone is reported among
     * the failures with the reason, so the engine records it as refused and
     * moves on instead of retrying it forever.
     */
    @Override
    public PushResult push(String collection, List<JsonObject> objects) throws Unavailable {
        List<String> accepted = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        if (objects.isEmpty()) {
            return new PushResult(accepted, failures);
        }
        long limit = maxContentLength();
        boolean reread = false;
        Deque<Envelopes.Envelope> queue = new ArrayDeque<>(cut(objects, limit, failures));
        while (!queue.isEmpty()) {
            Envelopes.Envelope envelope = queue.pollFirst();
            HttpResponse<byte[]> r = post(collection, envelope.body());
            if (r.statusCode() == HTTP_TOO_LARGE) {
                List<Envelopes.Envelope> again = new ArrayList<>();
                if (!reread) {
                    reread = true;
                    maxContentLength = -1;
                    limit = maxContentLength();
                    again.addAll(cut(envelope.objects(), limit, failures));
                } else if (envelope.objects().size() > 1) {
                    int half = envelope.objects().size() / 2;
                    again.addAll(cut(envelope.objects().subList(0, half), limit, failures));
                    again.addAll(cut(envelope.objects().subList(half, envelope.objects().size()), limit, failures));
                } else {
                    failures.add(failure(envelope.objects().getFirst(), "not sent: " + peer.name()
                            + " answered HTTP 413 to it alone, an envelope of " + envelope.body().length + " bytes"));
                }
                for (int i = again.size() - 1; i >= 0; i--) {
                    queue.addFirst(again.get(i));
                }
                continue;
            }
            collect(finalStatus(checked(r)), accepted, failures);
        }
        return new PushResult(accepted, failures);
    }

    /** HTTP 413 Content Too Large: the body exceeds what the peer accepts. */
    private static final int HTTP_TOO_LARGE = 413;

    /** The peer's max_content_length (0 when it states none), read from its API root when not known. */
    private long maxContentLength() throws Unavailable {
        long known = maxContentLength;
        if (known >= 0) {
            return known;
        }
        JsonValue stated = body(send(request(peer.apiRoot()).GET().build())).get("max_content_length");
        known = stated instanceof JsonNumber n && n.longValue() > 0 ? n.longValue() : 0;
        maxContentLength = known;
        return known;
    }

    /** Envelopes of the objects within the limit; those too large alone go to the failures with the reason. */
    private List<Envelopes.Envelope> cut(List<? extends JsonValue> objects, long limit, List<Failure> failures) {
        Envelopes.Split split = Envelopes.split(objects, limit);
        for (Envelopes.TooLarge t : split.tooLarge()) {
            failures.add(failure(t.object(), "not sent: " + t.reason(peer.name(), limit)));
        }
        return split.envelopes();
    }

    /** A failure for an object that was not sent, with its id and version. */
    private static Failure failure(JsonValue o, String message) {
        return o instanceof JsonObject obj ? Failure.of(obj, message) : new Failure(null, null, message);
    }

    private HttpResponse<byte[]> post(String collection, byte[] envelope) throws Unavailable {
        return exchange(request(objectsUri(collection)).header("Content-Type", TAXII)
                .POST(HttpRequest.BodyPublishers.ofByteArray(envelope)).build());
    }

    /** Follows a status resource until it is complete. */
    private JsonObject finalStatus(HttpResponse<byte[]> posted) throws Unavailable {
        JsonObject status = body(posted);
        for (int i = 0; i < STATUS_POLLS && status.getString("status") != null && !"complete".equals(status.getString("status")); i++) {
            try {
                Thread.sleep(STATUS_POLL_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Unavailable("interrupted while waiting for the status of a push to " + peer.name());
            }
            URI statusUri = peer.apiRoot().resolve("status/" + enc(status.getString("id")) + "/");
            status = body(send(request(statusUri).GET().build()));
        }
        if (!"complete".equals(status.getString("status"))) {
            throw new Unavailable(peer.name() + " did not finish processing a pushed envelope");
        }
        return status;
    }

    private static void collect(JsonObject status, List<String> accepted, List<Failure> failures) {
        JsonArray ok = status.getArray("successes");
        if (ok != null) {
            for (JsonValue v : ok) {
                if (v instanceof JsonObject o && o.getString("id") != null) {
                    accepted.add(o.getString("id"));
                }
            }
        }
        JsonArray bad = status.getArray("failures");
        if (bad != null) {
            for (JsonValue v : bad) {
                if (v instanceof JsonObject o) {
                    failures.add(new Failure(o.getString("id"), o.getString("version"), o.getString("message")));
                }
            }
        }
    }

    private URI objectsUri(String collection) {
        return peer.apiRoot().resolve("collections/" + enc(collection) + "/objects/");
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", TAXII);
        switch (peer.auth()) {
            case Peer.Auth.None n -> {
            }
            case Peer.Auth.Token t -> b.header("Authorization", "Bearer " + t.token());
            case Peer.Auth.Basic basic -> b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (basic.user() + ":" + basic.password()).getBytes(StandardCharsets.UTF_8)));
        }
        return b;
    }

    private HttpResponse<byte[]> send(HttpRequest request) throws Unavailable {
        return checked(exchange(request));
    }

    /** The peer's answer, whatever its status. */
    private HttpResponse<byte[]> exchange(HttpRequest request) throws Unavailable {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new Unavailable(peer.name() + " unreachable: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while talking to " + peer.name(), e);
        }
    }

    /** The response when it is a success; otherwise {@link Unavailable} with the peer's TAXII error. */
    private HttpResponse<byte[]> checked(HttpResponse<byte[]> r) throws Unavailable {
        HttpRequest request = r.request();
        int code = r.statusCode();
        if (code >= 200 && code < 300) {
            return r;
        }
        String detail = "";
        try {
            JsonObject err = Json.parseObject(r.body());
            detail = ": " + err.getString("title") + (err.getString("description") == null ? "" : " - " + err.getString("description"));
        } catch (JsonException | IllegalArgumentException e) {
            // not a TAXII error message; the status code says enough
        }
        throw new Unavailable(peer.name() + " answered HTTP " + code + " to " + request.method() + " "
                + request.uri().getPath() + detail);
    }

    private JsonObject body(HttpResponse<byte[]> r) throws Unavailable {
        try {
            return Json.parseObject(r.body());
        } catch (JsonException e) {
            throw new Unavailable(peer.name() + " sent a response that is not a JSON object: " + e.getMessage(), e);
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : " " + m);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
