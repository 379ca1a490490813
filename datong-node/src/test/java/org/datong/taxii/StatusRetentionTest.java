package org.datong.taxii;

import org.datong.node.Node;
import org.datong.node.NodeConfig;
import org.datong.stix.json.JsonObject;
import org.datong.store.MutableClock;
import org.datong.store.StoredCollection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Status resources (TAXII 2.1 section 4.3) are served for the configured retention, then 404 and purged. */
class StatusRetentionTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-04-01T08:00:00Z"));
    @TempDir
    Path dir;
    Node node;
    String alice;
    String objects;

    void start(NodeConfig config) {
        node = Node.start(config.withPort(0), clock);
        node.accounts().addUser("alice", "alice-secret-1".toCharArray(), Set.of());
        alice = "Basic " + Base64.getEncoder().encodeToString("alice:alice-secret-1".getBytes(StandardCharsets.UTF_8));
        node.store().createCollection(StoredCollection.of("intel", "Intel").withReaders(List.of("alice"))
                .withWriters(List.of("alice")));
        objects = node.taxiiApiRoot() + "collections/intel/objects/";
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    String post() throws Exception {
        var r = TaxiiServerTest.post(objects, alice, TaxiiServerTest.envelope(
                TaxiiServerTest.indicator("indicator--" + UUID.randomUUID(), "2020-01-01T00:00:00.000Z")));
        assertThat(r.statusCode()).isEqualTo(202);
        return TaxiiServerTest.json(r).getString("id");
    }

    int statusCode(String id) throws Exception {
        return TaxiiServerTest.get(node.taxiiApiRoot() + "status/" + id + "/", alice).statusCode();
    }

    long rows() throws Exception {
        try (Connection c = node.database().dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM taxii_status")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aStatusIsServedForTwentyFourHoursByDefaultThenIsNotFoundAndPurged() throws Exception {
        start(NodeConfig.defaults(dir));
        String first = post();
        clock.advance(Duration.ofHours(24));
        assertThat(statusCode(first)).as("exactly 24 h after completion").isEqualTo(200);
        JsonObject status = TaxiiServerTest.json(TaxiiServerTest.get(node.taxiiApiRoot() + "status/" + first + "/", alice));
        assertThat(status.getString("status")).isEqualTo("complete");

        clock.advance(Duration.ofMillis(1));
        var gone = TaxiiServerTest.get(node.taxiiApiRoot() + "status/" + first + "/", alice);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(TaxiiServerTest.json(gone).getString("http_status")).isEqualTo("404");
        assertThat(gone.headers().firstValue("Content-Type")).hasValue(TaxiiApi.TAXII_MEDIA_TYPE);
        assertThat(rows()).as("expired but not yet purged").isEqualTo(1);

        String second = post();
        assertThat(rows()).as("the next POST purged the expired status").isEqualTo(1);
        assertThat(statusCode(second)).isEqualTo(200);
        assertThat(statusCode(first)).isEqualTo(404);
    }

    @Test
    void retentionComesFromTheConfigurationFile() throws Exception {
        Files.writeString(dir.resolve(NodeConfig.FILE_NAME), "taxii.status_retention=90m\n");
        NodeConfig config = NodeConfig.load(dir, null);
        assertThat(config.statusRetention()).isEqualTo(Duration.ofMinutes(90));
        start(config);
        String id = post();
        clock.advance(Duration.ofMinutes(89));
        assertThat(statusCode(id)).isEqualTo(200);
        clock.advance(Duration.ofMinutes(2));
        assertThat(statusCode(id)).isEqualTo(404);
    }

    @Test
    void unknownStatusIdsAreNotFound() throws Exception {
        start(NodeConfig.defaults(dir));
        assertThat(statusCode(UUID.randomUUID().toString())).isEqualTo(404);
        assertThat(statusCode("not-a-status")).isEqualTo(404);
        assertThat(TaxiiServerTest.get(node.taxiiApiRoot() + "status/" + UUID.randomUUID() + "/", null).statusCode())
                .isEqualTo(401);
    }

    @Test
    void aBadRetentionIsRefusedAtStartUpNamingTheKey() throws Exception {
        Files.writeString(dir.resolve(NodeConfig.FILE_NAME), "taxii.status_retention=forever\n");
        assertThatThrownBy(() -> NodeConfig.load(dir, null))
                .hasMessageContaining("taxii.status_retention").hasMessageContaining("forever");
        assertThatThrownBy(() -> NodeConfig.defaults(dir).withStatusRetention(Duration.ZERO).check())
                .hasMessageContaining("taxii.status_retention");
    }
}
