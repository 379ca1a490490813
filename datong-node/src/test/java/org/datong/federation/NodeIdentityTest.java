package org.datong.federation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeIdentityTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void createdIdentityIsAStixIdentityCarryingItsKeyAndJurisdiction() {
        NodeIdentity me = NodeIdentity.create(dir, "CERT Alpha", "cn", CLOCK);

        assertThat(me.id()).startsWith("identity--");
        assertThat(me.identity().getString("type")).isEqualTo("identity");
        assertThat(me.identity().getString("spec_version")).isEqualTo("2.1");
        assertThat(me.identity().getString("created")).isEqualTo("2026-12-02T10:00:00.000Z");
        assertThat(me.jurisdiction()).isEqualTo("CN");
        assertThat(NodeIdentity.publicKeyOf(me.identity())).isEqualTo(me.publicKeyText());
        assertThat(Ed25519.decodePublicKey(me.publicKeyText())).isEqualTo(me.publicKey());
    }

    @Test
    void privateKeyFileIsReadableByItsOwnerOnly() throws Exception {
        NodeIdentity.create(dir, "CERT Alpha", null, CLOCK);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(NodeIdentity.KEY_FILE))))
                .isEqualTo("rw-------");
    }

    @Test
    void loadGivesBackTheSameIdentityAndAWorkingKey() {
        NodeIdentity created = NodeIdentity.create(dir, "CERT Alpha", "FR", CLOCK);
        NodeIdentity loaded = NodeIdentity.load(dir);

        assertThat(loaded.id()).isEqualTo(created.id());
        assertThat(loaded.publicKeyText()).isEqualTo(created.publicKeyText());
        byte[] payload = "hello".getBytes();
        String jws = loaded.signJws(payload);
        assertThat(DetachedJws.verify(DetachedJws.parse(jws), created.publicKey(), payload)).isTrue();
    }

    @Test
    void loadOrCreateKeepsTheFirstIdentity() {
        NodeIdentity first = NodeIdentity.loadOrCreate(dir, "first", null, CLOCK);
        NodeIdentity second = NodeIdentity.loadOrCreate(dir, "second", "DE", CLOCK);

        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.name()).isEqualTo("first");
    }

    @Test
    void neverReplacesAnExistingIdentity() {
        NodeIdentity.create(dir, "CERT Alpha", null, CLOCK);

        assertThatThrownBy(() -> NodeIdentity.create(dir, "CERT Beta", null, CLOCK))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("never replaced");
    }

    @Test
    void rejectsMalformedJurisdiction() {
        assertThatThrownBy(() -> NodeIdentity.create(dir, "CERT Alpha", "China", CLOCK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two-letter");
        assertThat(NodeIdentity.exists(dir)).isFalse();
    }

    @Test
    void loadRefusesAKeyThatDoesNotBelongToTheIdentity() throws Exception {
        NodeIdentity.create(dir, "CERT Alpha", null, CLOCK);
        Path other = dir.resolve("other");
        NodeIdentity.create(other, "CERT Beta", null, CLOCK);
        Files.delete(dir.resolve(NodeIdentity.KEY_FILE));
        Files.copy(other.resolve(NodeIdentity.KEY_FILE), dir.resolve(NodeIdentity.KEY_FILE));

        assertThatThrownBy(() -> NodeIdentity.load(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not belong");
    }

    @Test
    void loadExplainsAMissingIdentity() {
        assertThatThrownBy(() -> NodeIdentity.load(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("datong init");
    }
}
