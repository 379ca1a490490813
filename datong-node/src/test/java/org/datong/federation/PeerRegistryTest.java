package org.datong.federation;

import org.datong.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PeerRegistryTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);
    private static final String KEY = Ed25519.encodePublicKey(Ed25519.generate().getPublic());

    @TempDir
    Path dir;
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : cleanup.reversed()) {
            c.close();
        }
    }

    private Database open(String dialect) throws Exception {
        if (dialect.equals("sqlite")) {
            Database db = Database.sqlite(dir.resolve("datong.db"));
            cleanup.add(db);
            return db;
        }
        String url = System.getenv("DATONG_TEST_PG_URL");
        if (url == null) {
            Assumptions.assumeFalse("1".equals(System.getenv("DATONG_REQUIRE_PG")), "DATONG_REQUIRE_PG=1 but DATONG_TEST_PG_URL is unset");
            Assumptions.abort("PostgreSQL not configured (DATONG_TEST_PG_URL)");
        }
        String schema = "fed_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        cleanup.add(() -> {
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        });
        Database db = Database.postgres(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema, null, null);
        cleanup.add(db);
        return db;
    }

    private static Peer peer(String name) {
        return new Peer(name, URI.create("http://127.0.0.1:9/taxii2/api"), null, KEY, List.of("shared", "alerts"), "inbox",
                new Peer.Auth.Token("secret-token"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void peersRoundTripWithTheirCredentials(String dialect) throws Exception {
        PeerRegistry registry = new PeerRegistry(open(dialect), CLOCK);
        registry.add(peer("beta"));
        registry.add(new Peer("gamma", URI.create("https://gamma.example/api/"), null, KEY, List.of(), "in",
                new Peer.Auth.Basic("alpha", "pw")));

        assertThat(registry.list()).extracting(Peer::name).containsExactly("beta", "gamma");
        Peer beta = registry.get("beta").orElseThrow();
        assertThat(beta.apiRoot()).isEqualTo(URI.create("http://127.0.0.1:9/taxii2/api/"));
        assertThat(beta.collections()).containsExactly("shared", "alerts");
        assertThat(beta.auth()).isEqualTo(new Peer.Auth.Token("secret-token"));
        assertThat(registry.get("gamma").orElseThrow().auth()).isEqualTo(new Peer.Auth.Basic("alpha", "pw"));
        assertThat(beta.auth().toString()).doesNotContain("secret-token");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void cursorsArePerPeerDirectionAndCollectionAndSurviveReopening(String dialect) throws Exception {
        Database db = open(dialect);
        PeerRegistry registry = new PeerRegistry(db, CLOCK);
        registry.add(peer("beta"));
        registry.saveCursor("beta", PeerRegistry.Direction.PULL, "shared", "2026-12-02T10:00:00.001Z");
        registry.saveCursor("beta", PeerRegistry.Direction.PULL, "shared", "2026-12-02T10:00:00.002Z");
        registry.saveCursor("beta", PeerRegistry.Direction.PUSH, "shared", "17:3");

        PeerRegistry again = new PeerRegistry(db, CLOCK);
        assertThat(again.cursor("beta", PeerRegistry.Direction.PULL, "shared")).isEqualTo("2026-12-02T10:00:00.002Z");
        assertThat(again.cursor("beta", PeerRegistry.Direction.PUSH, "shared")).isEqualTo("17:3");
        assertThat(again.cursor("beta", PeerRegistry.Direction.PULL, "alerts")).isNull();
        assertThat(again.cursors("beta", PeerRegistry.Direction.PULL)).isEqualTo(Map.of("shared", "2026-12-02T10:00:00.002Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void stateTracksSuccessesAndConsecutiveFailures(String dialect) throws Exception {
        PeerRegistry registry = new PeerRegistry(open(dialect), CLOCK);
        registry.add(peer("beta"));
        assertThat(registry.state("beta").lastSuccess()).isNull();

        registry.recordFailure("beta", "connection refused");
        registry.recordFailure("beta", "HTTP 503");
        assertThat(registry.state("beta").failures()).isEqualTo(2);
        assertThat(registry.state("beta").lastError()).isEqualTo("HTTP 503");

        registry.recordSuccess("beta", 5, 3, 1);
        PeerRegistry.State s = registry.state("beta");
        assertThat(s.failures()).isZero();
        assertThat(s.lastError()).isNull();
        assertThat(s.lastSuccess()).isEqualTo(CLOCK.instant());
        assertThat(List.of(s.received(), s.sent(), s.refused())).containsExactly(5L, 3L, 1L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void eachDirectionKeepsItsLastSuccessLastErrorAndWhenAPullLastReachedTheEnd(String dialect) throws Exception {
        PeerRegistry registry = new PeerRegistry(open(dialect), CLOCK);
        registry.add(peer("beta"));
        assertThat(registry.link("beta", PeerRegistry.Direction.PULL)).isEqualTo(PeerRegistry.Link.NEW);

        Instant caughtUp = Instant.parse("2026-12-02T09:59:58Z");
        registry.recordSuccess("beta", PeerRegistry.Direction.PULL, caughtUp);
        registry.recordFailure("beta", PeerRegistry.Direction.PULL, "connection refused");
        registry.recordFailure("beta", PeerRegistry.Direction.PUSH, "HTTP 503");
        PeerRegistry.Link pull = registry.link("beta", PeerRegistry.Direction.PULL);
        assertThat(pull.lastError()).isEqualTo("connection refused");
        assertThat(pull.lastErrorAt()).isEqualTo(CLOCK.instant());
        assertThat(pull.caughtUp()).isEqualTo(caughtUp);
        assertThat(registry.link("beta", PeerRegistry.Direction.PUSH).lastError()).isEqualTo("HTTP 503");

        // a success without reaching the end keeps the earlier caught-up time and clears only its own direction
        registry.recordSuccess("beta", PeerRegistry.Direction.PULL, null);
        pull = registry.link("beta", PeerRegistry.Direction.PULL);
        assertThat(pull.lastError()).isNull();
        assertThat(pull.lastSuccess()).isEqualTo(CLOCK.instant());
        assertThat(pull.caughtUp()).isEqualTo(caughtUp);
        assertThat(registry.link("beta", PeerRegistry.Direction.PUSH).lastError()).isEqualTo("HTTP 503");
        assertThat(registry.added("beta")).isEqualTo(CLOCK.instant());

        assertThat(registry.remove("beta")).isTrue();
        assertThat(registry.link("beta", PeerRegistry.Direction.PUSH)).isEqualTo(PeerRegistry.Link.NEW);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void peerInboxesAreRecordedOncePerCollection(String dialect) throws Exception {
        PeerRegistry registry = new PeerRegistry(open(dialect), CLOCK);
        registry.addInbox("inbox-beta", "beta");
        registry.addInbox("inbox-beta", "beta");
        registry.addInbox("inbox-gamma", "gamma");
        assertThat(registry.inboxes()).containsExactly(Map.entry("inbox-beta", "beta"), Map.entry("inbox-gamma", "gamma"));
    }

    @Test
    void addingAnExistingPeerIsRefusedAndRemoveDropsItsCursors() throws Exception {
        PeerRegistry registry = new PeerRegistry(open("sqlite"), CLOCK);
        registry.add(peer("beta"));
        registry.saveCursor("beta", PeerRegistry.Direction.PUSH, "shared", "1:0");

        assertThatThrownBy(() -> registry.add(peer("beta"))).hasMessageContaining("already exists");
        assertThat(registry.remove("beta")).isTrue();
        assertThat(registry.remove("beta")).isFalse();
        registry.add(peer("beta"));
        assertThat(registry.cursor("beta", PeerRegistry.Direction.PUSH, "shared")).isNull();
    }

    @Test
    void peerFieldsAreChecked() {
        assertThatThrownBy(() -> new Peer("beta", URI.create("ftp://x/"), null, KEY, List.of("c"), null, new Peer.Auth.None()))
                .hasMessageContaining("http(s)");
        assertThatThrownBy(() -> new Peer("beta", URI.create("http://x/"), null, "abc", List.of("c"), null, new Peer.Auth.None()))
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new Peer("beta", URI.create("http://x/"), null, KEY, List.of(), null, new Peer.Auth.None()))
                .hasMessageContaining("needs collections");
        assertThatThrownBy(() -> new Peer("b/eta", URI.create("http://x/"), null, KEY, List.of("c"), null, new Peer.Auth.None()))
                .hasMessageContaining("peer name");
    }

}
