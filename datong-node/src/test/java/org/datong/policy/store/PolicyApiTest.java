package org.datong.policy.store;

import org.datong.node.Node;
import org.datong.node.NodeConfig;
import org.datong.policy.GradeScheme;
import org.datong.policy.Tlp;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyApiTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    @TempDir
    Path dir;
    Node node;
    String operator;
    String outsider;

    @BeforeEach
    void start() {
        node = Node.start(NodeConfig.defaults(dir).withPort(0), Clock.systemUTC());
        node.accounts().addUser("olga", "olga-secret-12".toCharArray(), Set.of("policy"));
        node.accounts().addUser("bob", "bob-secret-123".toCharArray(), Set.of());
        operator = basic("olga", "olga-secret-12");
        outsider = basic("bob", "bob-secret-123");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    static String basic(String u, String p) {
        return "Basic " + Base64.getEncoder().encodeToString((u + ":" + p).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> call(String method, String path, String auth, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(node.uri().resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void operatorManagesPartnersAgreementsAndReviewsOverHttp() throws Exception {
        HttpResponse<String> added = call("POST", "/api/v1/partners", operator, """
                {"name": "beta", "identity": "identity--1d3f2e6f-6e5b-4c54-8b4f-5a1c1a4d8b22", "jurisdiction": "DE", "sector": "finance"}""");
        assertThat(added.statusCode()).isEqualTo(201);
        assertThat(call("POST", "/api/v1/partners", operator, """
                {"name": "beta", "identity": "identity--1d3f2e6f-6e5b-4c54-8b4f-5a1c1a4d8b22", "jurisdiction": "DE"}""").body())
                .contains("partner beta already exists");
        HttpResponse<String> agr = call("POST", "/api/v1/agreements", operator, """
                {"partner": "beta", "direction": "send", "max_tlp": "amber", "max_grade": "core", "state": "active"}""");
        assertThat(agr.statusCode()).isEqualTo(201);
        String agreementId = Json.parseObject(agr.body()).getString("id");
        assertThat(call("GET", "/api/v1/agreements/" + agreementId, operator, null).body()).contains("\"state_now\":\"active\"");

        // an important object to a foreign partner waits for review (the default rules)
        JsonObject ind = Json.parseObject("""
                {"type": "indicator", "spec_version": "2.1", "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                 "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z",
                 "pattern": "[ipv4-addr:value = '203.0.113.9']", "pattern_type": "stix", "valid_from": "2026-01-01T00:00:00Z",
                 "object_marking_refs": ["%s", "%s"]}""".formatted(Tlp.GREEN.tlp2Id(), GradeScheme.markingId("important")));
        SharingGate.Review queued = (SharingGate.Review) node.sharingGate().prepare("beta", "c1", ind);
        JsonArray pending = (JsonArray) Json.parse(call("GET", "/api/v1/reviews", operator, null).body());
        assertThat(pending).hasSize(1);
        assertThat(pending.get(0).asObject().getString("object_id")).isEqualTo(ind.getString("id"));
        assertThat(call("GET", "/api/v1/reviews/" + queued.reviewId(), operator, null).body()).contains("\"object\":{");

        assertThat(call("POST", "/api/v1/reviews/" + queued.reviewId() + "/approve", outsider, "{}").statusCode()).isEqualTo(403);
        assertThat(call("POST", "/api/v1/reviews/" + queued.reviewId() + "/approve", null, "{}").statusCode()).isEqualTo(401);
        HttpResponse<String> approved = call("POST", "/api/v1/reviews/" + queued.reviewId() + "/approve", operator,
                "{\"note\": \"cleared by legal\"}");
        assertThat(approved.statusCode()).isEqualTo(200);
        JsonObject decided = Json.parseObject(approved.body());
        assertThat(decided.getString("state")).isEqualTo("approved");
        assertThat(decided.getString("decided_by")).isEqualTo("olga");
        assertThat(decided.getString("note")).isEqualTo("cleared by legal");
        assertThat(call("POST", "/api/v1/reviews/" + queued.reviewId() + "/reject", operator, null).statusCode()).isEqualTo(409);
        assertThat(node.sharingGate().prepare("beta", "c1", ind)).isInstanceOf(SharingGate.Allow.class);

        JsonObject verify = Json.parseObject(call("GET", "/api/v1/ledger/verify", operator, null).body());
        assertThat(verify.getBoolean("ok", false)).isTrue();
        JsonObject report = Json.parseObject(call("GET", "/api/v1/ledger/report?partner=beta", operator, null).body());
        assertThat(report.getObject("by_kind").keys()).contains("policy", "review", "review-approve");
        assertThat(call("GET", "/api/v1/ledger/report?since=yesterday", operator, null).statusCode()).isEqualTo(400);
        assertThat(call("GET", "/api/v1/reviews/999", operator, null).statusCode()).isEqualTo(404);
    }

    @Test
    void badAgreementsAreRefusedWithTheReason() throws Exception {
        call("POST", "/api/v1/partners", operator, """
                {"name": "beta", "identity": "identity--1d3f2e6f-6e5b-4c54-8b4f-5a1c1a4d8b22", "jurisdiction": "DE"}""");
        HttpResponse<String> bad = call("POST", "/api/v1/agreements", operator, """
                {"partner": "beta", "direction": "sideways", "max_tlp": "amber", "max_grade": "core"}""");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("'direction' must be one of send, receive, both, not 'sideways'");
        assertThat(call("POST", "/api/v1/agreements", operator, "[1]").body()).contains("the body must be a JSON object");
        assertThat(call("POST", "/api/v1/agreements", operator, """
                {"partner": "beta", "direction": "send", "max_tlp": "purple", "max_grade": "core"}""").body())
                .contains("unknown TLP level 'purple'");
    }
}
