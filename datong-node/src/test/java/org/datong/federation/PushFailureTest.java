package org.datong.federation;

import org.datong.stix.json.Json;
import org.datong.stix.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which pushed version a refusal is about: matched by (id, version), not by id alone. */
class PushFailureTest {
    private static final String ID = "indicator--4e5fbc11-5ecd-4a5b-b73f-545be2377ede";

    private static JsonObject version(String modified) {
        return Member.indicator("4e5fbc11-5ecd-4a5b-b73f-545be2377ede", Member.GREEN, modified);
    }

    @Test
    void aRefusalConcernsOnlyTheVersionItNamesWhateverTheTimestampsPrecision() {
        PeerLink.Failure f = new PeerLink.Failure(ID, "2026-12-01T11:00:00.000000Z", "refused");
        assertThat(f.concerns(version("2026-12-01T11:00:00.000Z"))).isTrue();
        assertThat(f.concerns(version("2026-12-01T11:00:00Z"))).isTrue();
        assertThat(f.concerns(version("2026-12-01T10:00:00.000Z"))).isFalse();
        assertThat(f.concerns(Member.indicator("34b3b840-0019-417c-bfa5-4878e7080a07", Member.GREEN,
                "2026-12-01T11:00:00.000Z"))).as("another object").isFalse();
    }

    @Test
    void aRefusalWithoutVersionOrOfAnObjectWithoutOneGoesByIdAlone() {
        assertThat(new PeerLink.Failure(ID, null, "refused").concerns(version("2026-12-01T10:00:00.000Z"))).isTrue();
        JsonObject sco = Json.parseObject("""
                {"type":"ipv4-addr","spec_version":"2.1","id":"ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd","value":"198.51.100.7"}""");
        // a receiving Datong node reports the date_added of its copy as the version of such an object
        PeerLink.Failure f = new PeerLink.Failure(sco.getString("id"), "2026-12-03T09:00:00.123456Z", "refused");
        assertThat(f.concerns(sco)).isTrue();
        assertThat(new PeerLink.Failure(null, null, "no id").concerns(sco)).isFalse();
    }

    @Test
    void aVersionNotSentIsNamedByModifiedElseCreated() {
        assertThat(PeerLink.Failure.of(version("2026-12-01T11:00:00.000Z"), "too large"))
                .isEqualTo(new PeerLink.Failure(ID, "2026-12-01T11:00:00.000Z", "too large"));
        JsonObject created = Json.parseObject("""
                {"type":"marking-definition","spec_version":"2.1","id":"marking-definition--1d8e3a67-7b52-4b8a-9d17-1b1f5a0b5e22",
                 "created":"2026-12-01T09:00:00.000Z","definition_type":"statement","definition":{"statement":"x"}}""");
        assertThat(PeerLink.Failure.of(created, "too large").version()).isEqualTo("2026-12-01T09:00:00.000Z");
        assertThat(PeerLink.Failure.of(created, "too large").toString())
                .isEqualTo(created.getString("id") + " version 2026-12-01T09:00:00.000Z: too large");
    }
}
