package org.datong.taxii;

import org.datong.node.Node;
import org.datong.node.NodeConfig;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonObject;
import org.datong.store.MutableClock;
import org.datong.store.StoredCollection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The TAXII 2.1 server over real HTTP, on a node listening on port 0. */
class TaxiiServerTest {
    static final String TAXII = TaxiiApi.TAXII_MEDIA_TYPE;
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    static Node node;
    static String alice;
    static String bob;
    static String root;

    @BeforeAll
    static void start() {
        org.datong.federation.NodeIdentity.create(dir, "CERT Example", null, CLOCK);
        node = Node.start(NodeConfig.defaults(dir).withPort(0).withLimits(64 * 1024, 50, 20), CLOCK);
        node.accounts().addUser("alice", "alice-secret-1".toCharArray(), Set.of("cert"));
        node.accounts().addUser("bob", "bob-secret-12".toCharArray(), Set.of());
        alice = "Basic " + Base64.getEncoder().encodeToString("alice:alice-secret-1".getBytes(StandardCharsets.UTF_8));
        bob = "Bearer " + node.accounts().createToken("bob", "test");
        node.store().createCollection(StoredCollection.of("intel", "Intel").withReaders(List.of("group:cert", "bob"))
                .withWriters(List.of("alice")));
        node.store().createCollection(StoredCollection.of("public", "Public").withAnonymousRead(true)
                .withWriters(List.of("alice")));
        node.store().createCollection(StoredCollection.of("secret", "Secret").withReaders(List.of("alice")));
        root = node.taxiiApiRoot().toString();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static HttpResponse<String> get(String url, String auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Accept", TAXII).GET();
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String url, String auth, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Accept", TAXII)
                .header("Content-Type", TAXII).POST(HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> delete(String url, String auth) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", TAXII).header("Authorization", auth)
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonObject json(HttpResponse<String> r) {
        return Json.parseObject(r.body());
    }

    static String indicator(String id, String modified) {
        return """
                {"type":"indicator","spec_version":"2.1","id":"%s","created":"2020-01-01T00:00:00.000Z",
                 "modified":"%s","pattern":"[ipv4-addr:value = '10.0.0.1']","pattern_type":"stix",
                 "valid_from":"2020-01-01T00:00:00Z"}""".formatted(id, modified);
    }

    static String envelope(String... objects) {
        return "{\"objects\":[" + String.join(",", objects) + "]}";
    }

    static String newCollection(String... extraReaders) {
        String id = UUID.randomUUID().toString();
        List<String> readers = new ArrayList<>(List.of("alice"));
        readers.addAll(List.of(extraReaders));
        node.store().createCollection(StoredCollection.of(id, "Test " + id).withReaders(readers)
                .withWriters(List.of("alice")));
        return id;
    }

    @Test
    void discoveryAndApiRootDescribeTheServer() throws Exception {
        HttpResponse<String> d = get(node.taxiiDiscovery().toString(), null);
        assertThat(d.statusCode()).isEqualTo(200);
        assertThat(d.headers().firstValue("Content-Type")).hasValue(TAXII);
        assertThat(json(d).getStrings("api_roots")).as("over plain HTTP, relative (section 4.1.1)")
                .containsExactly(TaxiiApi.API_ROOT_PATH);
        assertThat(json(d).getString("default")).isEqualTo(TaxiiApi.API_ROOT_PATH);
        assertThat(node.taxiiDiscovery().resolve(json(d).getString("default")).toString()).isEqualTo(root);
        assertThat(json(d).getString("title")).as("the node's name (datong init --name)").isEqualTo("CERT Example");

        JsonObject apiRoot = json(get(root, null));
        assertThat(apiRoot.getStrings("versions")).containsExactly(TAXII);
        assertThat(apiRoot.getString("title")).isEqualTo("CERT Example");
        assertThat(apiRoot.get("max_content_length").toString()).isEqualTo(String.valueOf(64 * 1024));
    }

    @Test
    void collectionsListOnlyWhatTheCallerMayUseWithTheirRights() throws Exception {
        JsonArray forAlice = json(get(root + "collections/", alice)).getArray("collections");
        List<String> ids = forAlice.stream().map(c -> ((JsonObject) c).getString("id")).toList();
        assertThat(ids).contains("intel", "public", "secret");
        JsonObject intel = json(get(root + "collections/intel/", alice));
        assertThat(intel.getBoolean("can_read", false)).isTrue();
        assertThat(intel.getBoolean("can_write", false)).isTrue();
        assertThat(intel.getStrings("media_types")).containsExactly(TaxiiApi.STIX_MEDIA_TYPE);

        List<String> forAnonymous = json(get(root + "collections/", null)).getArray("collections").stream()
                .map(c -> ((JsonObject) c).getString("id")).toList();
        assertThat(forAnonymous).contains("public").doesNotContain("intel", "secret");
        JsonObject intelForBob = json(get(root + "collections/intel/", bob));
        assertThat(intelForBob.getBoolean("can_write", true)).isFalse();
    }

    @Test
    void postedEnvelopeIsStoredAndServedBackWithDateHeaders() throws Exception {
        String c = newCollection();
        String a = "indicator--" + UUID.randomUUID();
        String b = "indicator--" + UUID.randomUUID();
        String added = TaxiiApi.timestamp(CLOCK.instant());
        assertThat(added).as("TAXII timestamps have microsecond precision").matches(".*T\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        HttpResponse<String> posted = post(root + "collections/" + c + "/objects/", alice,
                envelope(indicator(a, "2020-01-01T00:00:00.000Z"), indicator(b, "2020-01-01T00:00:00.000Z")));
        assertThat(posted.statusCode()).isEqualTo(202);
        JsonObject status = json(posted);
        assertThat(status.getString("status")).isEqualTo("complete");
        assertThat(status.get("success_count").toString()).isEqualTo("2");
        assertThat(status.get("failure_count").toString()).isEqualTo("0");
        assertThat(status.getString("request_timestamp")).isEqualTo(added);
        assertThat(status.has("failures")).as("empty lists are prohibited (section 2)").isFalse();
        assertThat(status.has("pendings")).isFalse();
        assertThat(status.get("pending_count").toString()).isEqualTo("0");

        HttpResponse<String> got = get(root + "collections/" + c + "/objects/", alice);
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.headers().firstValue("Content-Type")).hasValue(TAXII);
        assertThat(got.headers().firstValue("X-TAXII-Date-Added-First")).hasValue(added);
        assertThat(got.headers().firstValue("X-TAXII-Date-Added-Last")).hasValue(added);
        JsonObject env = json(got);
        assertThat(env.getBoolean("more", true)).isFalse();
        assertThat(env.getArray("objects").stream().map(o -> ((JsonObject) o).getString("id")).toList())
                .containsExactly(a, b);
        assertThat(env.getArray("objects").get(0)).isEqualTo(Json.parse(indicator(a, "2020-01-01T00:00:00.000Z")));

        HttpResponse<String> statusAgain = get(root + "status/" + status.getString("id") + "/", alice);
        assertThat(statusAgain.statusCode()).isEqualTo(200);
        assertThat(json(statusAgain)).isEqualTo(status);
        assertThat(get(root + "status/" + status.getString("id") + "/", bob).statusCode()).isEqualTo(404);
    }

    @Test
    void goodObjectsAreStoredWhenOthersInTheEnvelopeAreRefused() throws Exception {
        String c = newCollection();
        String good = "indicator--" + UUID.randomUUID();
        JsonObject status = json(post(root + "collections/" + c + "/objects/", alice,
                envelope("{\"type\":\"indicator\",\"id\":\"nonsense\"}", indicator(good, "2020-01-01T00:00:00.000Z"),
                        "42")));
        assertThat(status.get("total_count").toString()).isEqualTo("3");
        assertThat(status.get("success_count").toString()).isEqualTo("1");
        assertThat(status.get("failure_count").toString()).isEqualTo("2");
        JsonObject failure = (JsonObject) status.getArray("failures").get(0);
        assertThat(failure.getString("id")).isEqualTo("nonsense");
        assertThat(failure.getString("message")).contains("nonsense");
        assertThat(((JsonObject) status.getArray("failures").get(1)).getString("id")).isEqualTo("$.objects[2]");
        assertThat(node.store().count(c)).isEqualTo(1);
    }

    /**
     * An envelope of hundreds of objects, good and bad mixed, is checked in
     * pieces on several threads: the status lists successes and failures in
     * envelope order with each failure's reason, the good ones are stored in
     * envelope order, and the status can be fetched again as it was answered.
     */
    @Test
    void aLargeMixedEnvelopeKeepsObjectOrderAndReasonsAcrossPieces() throws Exception {
        String c = newCollection();
        List<String> members = new ArrayList<>();
        List<String> good = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < 330; i++) {
            String id = "identity--" + UUID.randomUUID();
            if (i % 7 == 3) {
                members.add("{\"type\":\"identity\",\"spec_version\":\"2.1\",\"id\":\"" + id
                        + "\",\"created\":\"2020-01-01T00:00:00.000Z\",\"modified\":\"2020-01-01T00:00:00.000Z\"}");
                bad.add(id);
            } else {
                members.add("{\"type\":\"identity\",\"spec_version\":\"2.1\",\"id\":\"" + id
                        + "\",\"created\":\"2020-01-01T00:00:00.000Z\",\"modified\":\"2020-01-01T00:00:00.000Z\",\"name\":\"n" + i
                        + "\"}");
                good.add(id);
            }
        }
        HttpResponse<String> r = post(root + "collections/" + c + "/objects/", alice,
                envelope(members.toArray(String[]::new)));
        assertThat(r.statusCode()).isEqualTo(202);
        JsonObject status = json(r);
        assertThat(status.getString("status")).isEqualTo("complete");
        assertThat(status.getArray("successes").stream().map(v -> ((JsonObject) v).getString("id")).toList())
                .containsExactlyElementsOf(good);
        assertThat(status.getArray("failures").stream().map(v -> ((JsonObject) v).getString("id")).toList())
                .containsExactlyElementsOf(bad);
        assertThat(status.getArray("failures")).allSatisfy(f -> assertThat(((JsonObject) f).getString("message"))
                .contains("name"));
        List<String> stored = new ArrayList<>();
        JsonObject page = json(get(root + "collections/" + c + "/objects/?limit=50", alice));
        while (true) {
            page.getArray("objects").forEach(o -> stored.add(((JsonObject) o).getString("id")));
            if (!page.getBoolean("more", false)) {
                break;
            }
            page = json(get(root + "collections/" + c + "/objects/?limit=50&next=" + page.getString("next"), alice));
        }
        assertThat(stored).containsExactlyElementsOf(good);
        assertThat(json(get(root + "status/" + status.getString("id") + "/", alice))).isEqualTo(status);
    }

    /**
     * A duplicate key inside one member of a large envelope makes the body
     * unacceptable JSON: 400 naming the place, and none of the envelope's
     * objects stored, not even those before it.
     */
    @Test
    void aDuplicateKeyDeepInALargeEnvelopeIsA400AndStoresNothing() throws Exception {
        String c = newCollection();
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            members.add(i == 240 ? "{\"type\":\"note\",\"x\":1,\"x\":2}" : "{\"type\":\"identity\",\"id\":\"identity--"
                    + UUID.randomUUID() + "\",\"created\":\"2020-01-01T00:00:00.000Z\",\"name\":\"n\"}");
        }
        HttpResponse<String> r = post(root + "collections/" + c + "/objects/", alice,
                envelope(members.toArray(String[]::new)));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).getString("description")).contains("duplicate key").contains("$.objects[240]");
        assertThat(json(r).getString("description")).as("the position in the whole body").contains("column");
        assertThat(node.store().count(c)).isZero();
    }

    @Test
    void repostingAnEnvelopeIsIdempotent() throws Exception {
        String c = newCollection();
        String body = envelope(indicator("indicator--" + UUID.randomUUID(), "2020-01-01T00:00:00.000Z"));
        post(root + "collections/" + c + "/objects/", alice, body);
        JsonObject again = json(post(root + "collections/" + c + "/objects/", alice, body));
        assertThat(again.get("success_count").toString()).isEqualTo("1");
        assertThat(((JsonObject) again.getArray("successes").get(0)).getString("message")).contains("already");
        assertThat(node.store().count(c)).isEqualTo(1);
    }

    @Test
    void rightsDecideBetween401And403And404() throws Exception {
        String objects = root + "collections/intel/objects/";
        String body = envelope(indicator("indicator--" + UUID.randomUUID(), "2020-01-01T00:00:00.000Z"));
        HttpResponse<String> anonymous = get(objects, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(json(anonymous).getString("title")).isNotBlank();
        assertThat(json(anonymous).getString("http_status")).isEqualTo("401");
        assertThat(post(objects, bob, body).statusCode()).isEqualTo(403);
        assertThat(get(root + "collections/secret/objects/", bob).statusCode()).isEqualTo(404);
        assertThat(get(root + "collections/nope/objects/", alice).statusCode()).isEqualTo(404);
        HttpResponse<String> anonymousMissing = get(root + "collections/nope/objects/", null);
        assertThat(anonymousMissing.statusCode()).as("without credentials, a missing collection looks like a closed one")
                .isEqualTo(401);
        assertThat(anonymousMissing.body()).isEqualTo(get(root + "collections/secret/objects/", null).body()
                .replace("'secret'", "'nope'"));
        String wrongPassword = "Basic " + Base64.getEncoder().encodeToString("alice:wrong".getBytes(StandardCharsets.UTF_8));
        assertThat(get(objects, wrongPassword).statusCode()).isEqualTo(401);
        assertThat(get(objects, "Bearer dtk_000000000000_nothing").statusCode()).isEqualTo(401);
        assertThat(get(root + "collections/public/objects/", null).statusCode()).isEqualTo(200);
        assertThat(post(root + "collections/public/objects/", null, body).statusCode()).isEqualTo(401);
        HttpResponse<String> anonymousDelete = HTTP.send(HttpRequest.newBuilder(URI.create(root
                + "collections/public/objects/indicator--" + UUID.randomUUID() + "/")).header("Accept", TAXII).DELETE()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymousDelete.statusCode()).as("as for POST: writing needs credentials").isEqualTo(401);
        assertThat(anonymousDelete.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(get(objects, bob).statusCode()).isEqualTo(200);
    }

    @Test
    void mediaTypesAreNegotiated() throws Exception {
        String objects = root + "collections/intel/objects/";
        HttpResponse<String> html = HTTP.send(HttpRequest.newBuilder(URI.create(objects)).header("Accept", "text/html")
                .header("Authorization", alice).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(html.statusCode()).isEqualTo(406);
        HttpResponse<String> old = HTTP.send(HttpRequest.newBuilder(URI.create(objects))
                .header("Accept", "application/taxii+json;version=2.0").header("Authorization", alice).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(old.statusCode()).isEqualTo(406);
        HttpResponse<String> plainJson = HTTP.send(HttpRequest.newBuilder(URI.create(objects))
                .header("Accept", TAXII).header("Content-Type", "application/json").header("Authorization", alice)
                .POST(HttpRequest.BodyPublishers.ofString(envelope())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(plainJson.statusCode()).isEqualTo(415);
    }

    @Test
    void mediaTypeParametersFollowHttpSyntaxQuotesAndWeights() throws Exception {
        String objects = root + "collections/intel/objects/";
        java.util.function.Function<String, Integer> accept = a -> {
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create(objects)).header("Accept", a)
                        .header("Authorization", alice).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        assertThat(accept.apply("application/taxii+json;version=\"2.1\"")).as("quoted value (RFC 7231 3.1.1.1)").isEqualTo(200);
        assertThat(accept.apply("Application/TAXII+JSON; Version=2.1")).isEqualTo(200);
        assertThat(accept.apply("application/taxii+json;version=2.1;q=0")).as("q=0 means not acceptable").isEqualTo(406);
        assertThat(accept.apply("*/*;q=0")).isEqualTo(406);
        assertThat(accept.apply("application/taxii+json;version=2.1;q=0, */*;q=0.5")).isEqualTo(200);
        assertThat(accept.apply("text/html;q=0.9, application/taxii+json;q=0.1")).isEqualTo(200);
        assertThat(accept.apply("application/taxii+json;version=2.1;q=bogus")).as("a malformed weight").isEqualTo(406);

        String body = envelope(indicator("indicator--" + UUID.randomUUID(), "2020-01-01T00:00:00.000Z"));
        java.util.function.Function<String, Integer> contentType = t -> {
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create(objects)).header("Accept", TAXII)
                        .header("Content-Type", t).header("Authorization", alice)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        assertThat(contentType.apply("application/taxii+json; version=\"2.1\"")).isEqualTo(202);
        assertThat(contentType.apply("application/taxii+json;charset=utf-8;version=2.1")).isEqualTo(202);
        assertThat(contentType.apply("application/taxii+json;version=\"2.0\"")).isEqualTo(415);
        assertThat(contentType.apply("application/taxii+jsonx;version=2.1")).isEqualTo(415);
    }

    @Test
    void malformedAndOversizedRequestsAreRejected() throws Exception {
        String c = newCollection();
        String objects = root + "collections/" + c + "/objects/";
        assertThat(post(objects, alice, "{\"objects\":[{\"type\":").statusCode()).isEqualTo(400);
        assertThat(post(objects, alice, indicator("indicator--" + UUID.randomUUID(), "2020-01-01T00:00:00Z"))
                .statusCode()).as("an object, not an envelope").isEqualTo(422);
        assertThat(post(objects, alice, "{\"objects\":{}}").statusCode()).isEqualTo(422);
        assertThat(post(objects, alice, "[1,2]").statusCode()).isEqualTo(422);
        assertThat(post(objects, alice, "[1,2").statusCode()).isEqualTo(400);
        String deep = "[".repeat(30) + "]".repeat(30);
        assertThat(post(objects, alice, "{\"objects\":[{\"x\":" + deep + "}]}").statusCode()).isEqualTo(400);
        String big = envelope("{\"type\":\"note\",\"id\":\"note--" + UUID.randomUUID() + "\",\"content\":\""
                + "x".repeat(70 * 1024) + "\"}");
        HttpResponse<String> tooBig = post(objects, alice, big);
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(node.store().count(c)).isZero();
        assertThat(get(objects + "?added_after=yesterday", alice).statusCode()).isEqualTo(400);
        assertThat(get(objects + "?limit=0", alice).statusCode()).isEqualTo(400);
        assertThat(get(objects + "?limit=ten", alice).statusCode()).isEqualTo(400);
        assertThat(get(objects + "?next=bogus", alice).statusCode()).isEqualTo(400);
        assertThat(get(objects + "?match[version]=sometime", alice).statusCode()).isEqualTo(400);
        assertThat(get(objects + "?limit=1&limit=2", alice).statusCode()).isEqualTo(400);
    }

    @Test
    void pagesFollowNextWithoutLossOrRepeatAndRespectTheServerLimit() throws Exception {
        String c = newCollection();
        List<String> ids = new ArrayList<>();
        List<String> objects = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String id = "indicator--" + UUID.randomUUID();
            ids.add(id);
            objects.add(indicator(id, "2020-01-01T00:00:00.000Z"));
        }
        post(root + "collections/" + c + "/objects/", alice, envelope(objects.toArray(String[]::new)));
        JsonObject unlimited = json(get(root + "collections/" + c + "/objects/", alice));
        assertThat(unlimited.getArray("objects")).hasSize(50);
        assertThat(unlimited.getBoolean("more", false)).isTrue();
        assertThat(json(get(root + "collections/" + c + "/objects/?limit=99999999999999", alice)).getArray("objects"))
                .as("a limit past the server's is the server's").hasSize(50);
        assertThat(json(get(root + "collections/" + c + "/objects/?limit=007", alice)).getArray("objects")).hasSize(7);
        assertThat(get(root + "collections/" + c + "/objects/?limit=-3", alice).statusCode()).isEqualTo(400);

        List<String> seen = new ArrayList<>();
        String next = null;
        do {
            String url = root + "collections/" + c + "/objects/?limit=7" + (next == null ? "" : "&next=" + next);
            JsonObject env = json(get(url, alice));
            env.getArray("objects").forEach(o -> seen.add(((JsonObject) o).getString("id")));
            next = env.getBoolean("more", false) ? env.getString("next") : null;
        } while (next != null);
        assertThat(seen).isEqualTo(ids);
    }

    @Test
    void filtersVersionsManifestAndDeleteFollowTheSpecification() throws Exception {
        String c = newCollection();
        String a = "indicator--" + UUID.randomUUID();
        String m = "malware--" + UUID.randomUUID();
        String base = root + "collections/" + c + "/";
        post(base + "objects/", alice, envelope(indicator(a, "2020-01-01T00:00:00.000Z"),
                "{\"type\":\"malware\",\"spec_version\":\"2.1\",\"id\":\"" + m + "\",\"created\":\"2020-01-01T00:00:00.000Z\","
                        + "\"modified\":\"2020-01-01T00:00:00.000Z\",\"name\":\"x\",\"is_family\":false}"));
        CLOCK.advance(Duration.ofSeconds(5));
        post(base + "objects/", alice, envelope(indicator(a, "2020-02-01T00:00:00.000Z")));

        assertThat(json(get(base + "objects/?match[type]=malware", alice)).getArray("objects")).hasSize(1);
        assertThat(json(get(base + "objects/?match[id]=" + a, alice)).getArray("objects")).hasSize(1);
        assertThat(json(get(base + "objects/?match[id]=" + a + "&match[version]=all", alice)).getArray("objects"))
                .hasSize(2);
        assertThat(json(get(base + "objects/?match[version]=first&match[id]=" + a, alice)).getArray("objects").get(0)
                .toString()).contains("2020-01-01T00:00:00.000Z");
        assertThat(json(get(base + "objects/?match[spec_version]=2.0", alice)).has("objects")).isFalse();
        assertThat(versionsIn(get(base + "objects/?match[version]=first,last&match[id]=" + a, alice)))
                .containsExactly("2020-01-01T00:00:00.000Z", "2020-02-01T00:00:00.000Z");
        assertThat(versionsIn(get(base + "objects/?match[version]=2020-02-01T00:00:00Z&match[id]=" + a, alice)))
                .as("a version is an instant, however many fraction digits").containsExactly("2020-02-01T00:00:00.000Z");
        assertThat(versionsIn(get(base + "objects/?match[version]=2020-01-01T00:00:00.000Z,last&match[type]=indicator",
                alice))).containsExactly("2020-01-01T00:00:00.000Z", "2020-02-01T00:00:00.000Z");
        assertThat(get(base + "objects/?match[version]=all,first", alice).statusCode()).isEqualTo(400);
        assertThat(get(base + "objects/?match[version]=last,last", alice).statusCode()).isEqualTo(400);
        assertThat(json(get(base + "manifest/?match[version]=all&match[id]=" + a, alice)).getArray("objects")).hasSize(2);
        assertThat(json(get(base + "objects/?match[type]=malware,indicator", alice)).getArray("objects")).hasSize(2);
        HttpResponse<String> later = get(base + "objects/?added_after=2026-03-01T10:00:00.000Z", alice);
        assertThat(json(later).getArray("objects")).hasSize(1);
        assertThat(later.headers().firstValue("X-TAXII-Date-Added-First")).isPresent();

        HttpResponse<String> manifest = get(base + "manifest/", alice);
        assertThat(manifest.statusCode()).isEqualTo(200);
        JsonObject entry = (JsonObject) json(manifest).getArray("objects").get(1);
        assertThat(entry.getString("id")).isEqualTo(a);
        assertThat(entry.getString("version")).isEqualTo("2020-02-01T00:00:00.000Z");
        assertThat(entry.getString("media_type")).isEqualTo(TaxiiApi.STIX_MEDIA_TYPE);
        assertThat(entry.getString("date_added")).isNotBlank();

        HttpResponse<String> one = get(base + "objects/" + a + "/", alice);
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(json(one).getArray("objects")).hasSize(1);
        assertThat(get(base + "objects/indicator--" + UUID.randomUUID() + "/", alice).statusCode()).isEqualTo(404);

        JsonObject versions = json(get(base + "objects/" + a + "/versions/", alice));
        assertThat(versions.getStrings("versions")).containsExactly("2020-01-01T00:00:00.000Z", "2020-02-01T00:00:00.000Z");

        assertThat(delete(base + "objects/" + a + "/?match[version]=2020-02-01T00:00:00.000Z", bob).statusCode())
                .isEqualTo(404);
        assertThat(delete(base + "objects/" + a + "/?match[version]=2020-02-01T00:00:00.000Z", alice).statusCode())
                .isEqualTo(200);
        assertThat(json(get(base + "objects/" + a + "/versions/", alice)).getStrings("versions"))
                .containsExactly("2020-01-01T00:00:00.000Z");
        assertThat(delete(base + "objects/" + a + "/", alice).statusCode()).isEqualTo(200);
        assertThat(get(base + "objects/" + a + "/", alice).statusCode()).isEqualTo(404);
        assertThat(delete(base + "objects/" + a + "/", alice).statusCode()).isEqualTo(404);
    }

    @Test
    void healthAndMetricsAreServed() throws Exception {
        assertThat(get(node.uri().resolve("/healthz").toString(), null).body()).isEqualTo("ok\n");
        String c = newCollection();
        post(root + "collections/" + c + "/objects/", alice,
                envelope(indicator("indicator--" + UUID.randomUUID(), "2020-01-01T00:00:00.000Z")));
        String metrics = HTTP.send(HttpRequest.newBuilder(node.uri().resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("datong_objects_stored_total").contains("datong_http_requests_seconds_count");
        assertThat(metrics).as("a latency histogram per route")
                .containsPattern("datong_http_requests_seconds_bucket\\{method=\"POST\",route=\"/taxii2/datong/collections/"
                        + "\\{collection}/objects/\",status=\"202\",le=\"\\+Inf\"} [1-9]")
                .contains("route=\"/healthz\"");
        assertThat(metrics).containsPattern("(?m)^datong_objects_stored_total(\\{[^}]*})? [1-9]");
    }

    static List<String> versionsIn(HttpResponse<String> r) {
        JsonObject env = json(r);
        return env.has("objects") ? env.getArray("objects").stream().map(o -> ((JsonObject) o).getString("modified")).toList()
                : List.of();
    }

    @Test
    void specVersionDefaultsToTheLatestAndCombinesWithMatchVersion() throws Exception {
        String c = newCollection();
        String a = "indicator--" + UUID.randomUUID();
        String objects = root + "collections/" + c + "/objects/";
        JsonObject status = json(post(objects, alice, envelope(indicator(a, "2020-01-01T00:00:00.000Z"),
                indicator(a, "2020-02-01T00:00:00.000Z"),
                indicator(a, "2020-03-01T00:00:00.000Z").replace("\"spec_version\":\"2.1\"", "\"spec_version\":\"2.0\""))));
        // The node speaks STIX 2.1 only: another spec_version is refused, so 2.1 is the latest of every object.
        assertThat(status.get("failure_count").toString()).isEqualTo("1");
        assertThat(((JsonObject) status.getArray("failures").get(0)).getString("message")).contains("spec_version");

        String all = "&match[id]=" + a + "&match[version]=all";
        assertThat(versionsIn(get(objects + "?x=1" + all, alice)))
                .containsExactly("2020-01-01T00:00:00.000Z", "2020-02-01T00:00:00.000Z");
        assertThat(versionsIn(get(objects + "?match[spec_version]=2.1" + all, alice)))
                .containsExactly("2020-01-01T00:00:00.000Z", "2020-02-01T00:00:00.000Z");
        assertThat(versionsIn(get(objects + "?match[spec_version]=2.0,2.1" + all, alice)))
                .containsExactly("2020-01-01T00:00:00.000Z", "2020-02-01T00:00:00.000Z");
        assertThat(versionsIn(get(objects + "?match[spec_version]=2.0" + all, alice))).isEmpty();
        assertThat(versionsIn(get(objects + "?match[id]=" + a, alice))).as("latest spec version, latest version")
                .containsExactly("2020-02-01T00:00:00.000Z");
        assertThat(versionsIn(get(objects + "?match[spec_version]=2.1&match[version]=first&match[id]=" + a, alice)))
                .containsExactly("2020-01-01T00:00:00.000Z");
        assertThat(json(get(root + "collections/" + c + "/manifest/?match[spec_version]=2.0", alice)).has("objects"))
                .isFalse();
        assertThat(json(get(root + "collections/" + c + "/objects/" + a + "/versions/?match[spec_version]=2.1", alice))
                .getStrings("versions")).hasSize(2);
        assertThat(delete(objects + a + "/?match[spec_version]=2.0", alice).statusCode())
                .as("nothing of that spec version to delete").isEqualTo(404);
        assertThat(get(objects + "?match[spec_version]=", alice).statusCode()).isEqualTo(400);
    }

    @Test
    void anObjectWhoseVersionsAreFilteredOutIsAnEmptyAnswerButAMissingObjectIs404() throws Exception {
        String c = newCollection();
        String a = "indicator--" + UUID.randomUUID();
        String base = root + "collections/" + c + "/objects/";
        post(base, alice, envelope(indicator(a, "2020-01-01T00:00:00.000Z")));
        String later = "2100-01-01T00:00:00.000000Z";

        HttpResponse<String> none = get(base + a + "/?added_after=" + later, alice);
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(json(none).has("objects")).isFalse();
        assertThat(none.headers().firstValue("X-TAXII-Date-Added-First")).as("on every 200 (section 3.2)")
                .hasValue(later);
        HttpResponse<String> otherVersion = get(base + a + "/?match[version]=2019-01-01T00:00:00.000Z", alice);
        assertThat(otherVersion.statusCode()).isEqualTo(200);
        assertThat(json(otherVersion).has("objects")).isFalse();
        HttpResponse<String> noVersions = get(base + a + "/versions/?added_after=" + later, alice);
        assertThat(noVersions.statusCode()).isEqualTo(200);
        assertThat(json(noVersions).has("versions")).as("no empty list").isFalse();

        String missing = "indicator--" + UUID.randomUUID();
        assertThat(get(base + missing + "/", alice).statusCode()).isEqualTo(404);
        assertThat(get(base + missing + "/versions/", alice).statusCode()).isEqualTo(404);
        assertThat(get(base + missing + "/?added_after=" + later, alice).statusCode()).isEqualTo(404);

        HttpResponse<String> versions = get(base + a + "/versions/", alice);
        assertThat(versions.headers().firstValue("X-TAXII-Date-Added-Last").orElseThrow()).matches(".*\\.\\d{6}Z");
        JsonObject manifest = (JsonObject) json(get(root + "collections/" + c + "/manifest/", alice)).getArray("objects").get(0);
        assertThat(manifest.getString("date_added")).isEqualTo(versions.headers().firstValue("X-TAXII-Date-Added-Last").orElseThrow());
    }

    static String ipv4(String value) {
        return Json.write(org.datong.stix.ScoIds.withId(Json.parseObject(
                "{\"type\":\"ipv4-addr\",\"spec_version\":\"2.1\",\"value\":\"" + value + "\"}")));
    }

    static List<String> detailVersions(JsonObject status, String list) {
        return status.getArray(list).stream().map(d -> ((JsonObject) d).getString("version")).toList();
    }

    @Test
    void anObjectWithoutCreatedOrModifiedHasItsDateAddedAsVersionInStatusManifestAndMatch() throws Exception {
        String c = newCollection();
        String base = root + "collections/" + c + "/";
        String sco = ipv4("198.51.100.21");
        String scoId = Json.parseObject(sco).getString("id");
        // refused: an SCO without created/modified that is not valid STIX (its value is not a string)
        String bad = "{\"type\":\"ipv4-addr\",\"spec_version\":\"2.1\",\"id\":\"ipv4-addr--" + UUID.randomUUID()
                + "\",\"value\":5}";
        HttpResponse<String> posted = post(base + "objects/", alice, envelope(sco, bad));
        JsonObject status = json(posted);
        assertThat(status.get("success_count").toString()).isEqualTo("1");
        assertThat(status.get("failure_count").toString()).isEqualTo("1");
        JsonObject entry = (JsonObject) json(get(base + "manifest/", alice)).getArray("objects").get(0);
        String version = entry.getString("version");
        assertThat(version).as("the manifest's version of an unversioned object is its date_added")
                .isEqualTo(entry.getString("date_added")).matches(".*T\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        assertThat(detailVersions(status, "successes")).as("the status says the same, never \"\"")
                .containsExactly(version);
        assertThat(detailVersions(status, "failures")).as("a refused one: the date_added it would have had")
                .containsExactly(version);

        // posted again later: a duplicate, whose version is that of the copy held, not the new request's time
        CLOCK.advance(Duration.ofSeconds(5));
        JsonObject again = json(post(base + "objects/", alice, envelope(sco)));
        assertThat(detailVersions(again, "successes")).containsExactly(version);
        assertThat(again.getString("request_timestamp")).isNotEqualTo(version);

        // match[version] with that value selects it, as it selects a version by modified
        assertThat(json(get(base + "objects/?match[version]=" + version, alice)).getArray("objects"))
                .extracting(o -> ((JsonObject) o).getString("id")).containsExactly(scoId);
        assertThat(json(get(base + "manifest/?match[version]=" + version.substring(0, 23) + "Z",
                alice)).getArray("objects")).as("the same instant written with fewer digits").hasSize(1);
        assertThat(json(get(base + "objects/" + scoId + "/?match[version]=2020-01-01T00:00:00.000Z", alice))
                .has("objects")).isFalse();
        assertThat(json(get(base + "objects/" + scoId + "/versions/", alice)).getStrings("versions"))
                .containsExactly(version);
        assertThat(delete(base + "objects/" + scoId + "/?match[version]=" + version, alice).statusCode()).isEqualTo(200);
        assertThat(get(base + "objects/" + scoId + "/", alice).statusCode()).isEqualTo(404);
    }

    @Test
    void emptyAnswersAreEmptyObjectsWithDateHeadersThatLoseNothingWhenContinuedFrom() throws Exception {
        String c = newCollection();
        String base = root + "collections/" + c + "/";
        String epoch = "1970-01-01T00:00:00.000000Z";
        for (String empty : List.of(base + "objects/", base + "manifest/")) {
            HttpResponse<String> r = get(empty, alice);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).as("sections 3.7 and 5.3.1: an empty envelope or manifest is {}").isEqualTo("{}");
            assertThat(r.headers().firstValue("X-TAXII-Date-Added-First")).as("nothing ever added").hasValue(epoch);
            assertThat(r.headers().firstValue("X-TAXII-Date-Added-Last")).hasValue(epoch);
        }
        String a = "indicator--" + UUID.randomUUID();
        post(base + "objects/", alice, envelope(indicator(a, "2020-01-01T00:00:00.000Z")));
        String added = get(base + "objects/", alice).headers().firstValue("X-TAXII-Date-Added-Last").orElseThrow();

        // nothing matches: the headers give the collection's last write, from which nothing matching is missed
        for (String empty : List.of(base + "objects/?match[type]=malware", base + "manifest/?match[type]=malware",
                base + "objects/?added_after=" + added, base + "objects/" + a + "/versions/?added_after=" + added)) {
            HttpResponse<String> r = get(empty, alice);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).as(empty).isEqualTo("{}");
            assertThat(r.headers().firstValue("X-TAXII-Date-Added-First")).as(empty).hasValue(added);
            assertThat(r.headers().firstValue("X-TAXII-Date-Added-Last")).as(empty).hasValue(added);
        }
        String future = "2100-01-01T00:00:00.123456Z";
        HttpResponse<String> ahead = get(base + "objects/?added_after=" + future, alice);
        assertThat(ahead.headers().firstValue("X-TAXII-Date-Added-Last")).as("added_after, when later").hasValue(future);

        // a malware added afterwards is found by continuing from the header of the empty answer
        CLOCK.advance(Duration.ofMillis(3));
        String m = "malware--" + UUID.randomUUID();
        post(base + "objects/", alice, envelope("{\"type\":\"malware\",\"spec_version\":\"2.1\",\"id\":\"" + m
                + "\",\"created\":\"2020-01-01T00:00:00.000Z\",\"modified\":\"2020-01-01T00:00:00.000Z\","
                + "\"name\":\"x\",\"is_family\":false}"));
        HttpResponse<String> next = get(base + "objects/?match[type]=malware&added_after=" + added, alice);
        assertThat(json(next).getArray("objects")).extracting(o -> ((JsonObject) o).getString("id")).containsExactly(m);
        assertThat(json(next).getBoolean("more", true)).isFalse();
    }
}
