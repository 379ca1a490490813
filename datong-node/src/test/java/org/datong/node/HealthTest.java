package org.datong.node;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** /healthz tells a serving node from one whose database is gone. */
class HealthTest {
    @TempDir
    Path dir;

    @Test
    void healthIsOkWhileTheDatabaseAnswersAnd503Otherwise() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (Node node = Node.start(NodeConfig.defaults(dir).withPort(0), Clock.systemUTC())) {
            HttpRequest health = HttpRequest.newBuilder(node.uri().resolve("/healthz")).build();
            HttpResponse<String> ok = http.send(health, HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo("ok\n");

            node.database().close();
            HttpResponse<String> down = http.send(health, HttpResponse.BodyHandlers.ofString());
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("database");

            HttpResponse<String> failed = http.send(HttpRequest.newBuilder(node.taxiiApiRoot().resolve("collections/"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(failed.statusCode()).isEqualTo(500);
            org.datong.stix.json.JsonObject error = org.datong.stix.json.Json.parseObject(failed.body());
            assertThat(error.getString("http_status")).isEqualTo("500");
            assertThat(error.getString("error_id")).as("the TAXII error message's error_id, as logged").isNotBlank();
            assertThat(error.getString("description")).contains(error.getString("error_id"));
            assertThat(failed.body()).as("no stack trace to the client").doesNotContain("at org.");
        }
    }
}
