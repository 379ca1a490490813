package org.datong.federation;

import org.datong.detect.LogFormat;
import org.datong.policy.Agreement;
import org.datong.policy.Tlp;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datong.federation.Member.await;

/**
 * Early warning across a federation: a node that saw a value in its telemetry,
 * then was restarted, receives an indicator for it by sync, retro-hunts it
 * and shares the sighting back to the producer, as the policy allows.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SightingsFlowBackTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String INDICATOR = "indicator--7a0c3c1e-5b7e-4f0e-9a51-3d1c1e2f4a77";

    @TempDir
    Path root;
    private final List<Member> members = new ArrayList<>();

    @AfterEach
    void stop() {
        members.forEach(Member::close);
    }

    private Member member(String name, String cc) {
        Member m = Member.start(root, name, cc);
        members.add(m);
        return m;
    }

    private static JsonObject indicator(String marking) {
        return Json.parseObject("""
                {"type":"indicator","spec_version":"2.1","id":"%s","created":"2026-01-01T00:00:00.000Z",
                 "modified":"2026-01-01T00:00:00.000Z","name":"C2 address","pattern":"[ipv4-addr:value = '45.155.205.99']",
                 "pattern_type":"stix","valid_from":"2026-01-01T00:00:00Z","object_marking_refs":["%s"]}
                """.formatted(INDICATOR, marking));
    }

    private static List<JsonObject> sightingsOf(Member m) {
        return m.received().stream().filter(o -> "sighting".equals(o.getString("type"))).toList();
    }

    @Test
    void anIndicatorSyncedToARestartedNodeIsRetroHuntedAndItsSightingReachesTheProducer() throws Exception {
        Member alpha = member("alpha", "CN");
        Member beta = member("beta", "FR");
        alpha.agree(beta, Agreement.Direction.BOTH, Tlp.AMBER, false);
        beta.agree(alpha, Agreement.Direction.BOTH, Tlp.AMBER, false);
        alpha.pushTo(beta);
        beta.pushTo(alpha);

        // an hour ago, well inside the retro-hunt window whenever the test runs
        java.time.Instant seenAt = java.time.Instant.now().minus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        DetectResult seen = ingest(beta, "{\"@timestamp\":\"" + seenAt + "\",\"destination\":{\"ip\":\"45.155.205.99\"}}\n");
        assertThat(seen.events()).isEqualTo(1);
        beta.stopNode();
        beta.startNode();

        alpha.publish(indicator(Member.GREEN));
        await(WAIT, "the indicator at beta", () -> beta.receivedIds().contains(INDICATOR));
        await(WAIT, "beta's sighting at alpha", () -> !sightingsOf(alpha).isEmpty());
        JsonObject sighting = Provenance.strip(sightingsOf(alpha).getFirst());
        assertThat(sighting.getString("sighting_of_ref")).isEqualTo(INDICATOR);
        assertThat(sighting.getStrings("where_sighted_refs")).containsExactly(beta.identity.id());
        assertThat(sighting.get("count").toString()).isEqualTo("1");
        assertThat(java.time.Instant.parse(sighting.getString("first_seen"))).isEqualTo(seenAt);
        // the sighting carries the indicator's marking, under which the policy let it go back
        assertThat(sighting.getStrings("object_marking_refs")).contains(Member.GREEN);
        assertThat(Provenance.signers(sightingsOf(alpha).getFirst())).containsExactly(beta.identity.id());
    }

    private record DetectResult(long events) {
    }

    private static DetectResult ingest(Member m, String lines) throws Exception {
        var r = m.node.detect().ingest(new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)), LogFormat.JSON, "test");
        return new DetectResult(r.events());
    }
}
