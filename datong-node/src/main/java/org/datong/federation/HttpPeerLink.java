package org.datong.federation;

import org.datong.stix.Timestamp;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonException;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonValue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
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

    @Override
    public PushResult push(String collection, List<JsonObject> objects) throws Unavailable {
        byte[] envelope = Json.writeBytes(JsonObject.builder().put("objects", JsonArray.of(objects)).build());
        HttpResponse<byte[]> r = send(request(objectsUri(collection))
                .header("Content-Type", TAXII)
                .POST(HttpRequest.BodyPublishers.ofByteArray(envelope)).build());
        JsonObject status = body(r);
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
        List<String> accepted = new ArrayList<>();
        JsonArray ok = status.getArray("successes");
        if (ok != null) {
            for (JsonValue v : ok) {
                if (v instanceof JsonObject o && o.getString("id") != null) {
                    accepted.add(o.getString("id"));
                }
            }
        }
        List<String> failures = new ArrayList<>();
        JsonArray bad = status.getArray("failures");
        if (bad != null) {
            for (JsonValue v : bad) {
                if (v instanceof JsonObject o) {
                    failures.add(o.getString("id") + ": " + o.getString("message"));
                }
            }
        }
        return new PushResult(accepted, failures);
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
        HttpResponse<byte[]> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new Unavailable(peer.name() + " unreachable: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while talking to " + peer.name(), e);
        }
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
