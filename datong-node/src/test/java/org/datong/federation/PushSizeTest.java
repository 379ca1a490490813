package org.datong.federation;

import org.datong.node.NodeConfig;
import org.datong.policy.Agreement;
import org.datong.policy.Tlp;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datong.federation.Member.await;
import static org.datong.federation.Member.indicator;

/** Pushes sized to the receiving node's max_content_length, between real nodes on loopback. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PushSizeTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Small enough that a page of signed indicators needs several envelopes. */
    private static final long SMALL = 16 * 1024;

    @TempDir
    Path root;
    private final List<Member> members = new ArrayList<>();

    private Member member(String name, String cc, UnaryOperator<NodeConfig> config) {
        Member m = Member.start(root, name, cc, config);
        members.add(m);
        return m;
    }

    @AfterEach
    void stop() {
        members.forEach(Member::close);
    }

    private static UnaryOperator<NodeConfig> limit(long bytes) {
        return c -> c.withLimits(bytes, 1000, 64);
    }

    private static JsonObject[] indicators(int n) {
        JsonObject[] out = new JsonObject[n];
        for (int i = 0; i < n; i++) {
            out[i] = indicator(UUID.randomUUID().toString(), Member.GREEN, "2026-12-01T10:00:00.000Z");
        }
        return out;
    }

    private static List<String> ids(JsonObject... objects) {
        return java.util.Arrays.stream(objects).map(o -> o.getString("id")).toList();
    }

    private static SyncEngine.PeerView view(Member m, String peer) {
        return m.node.federation().peers().stream().filter(v -> v.peer().equals(peer)).findFirst().orElseThrow();
    }

    @Test
    void pushesAreSplitToFitThePeersLimitAndAnObjectTooLargeAloneIsRefusedOnce() {
        Member a = member("alpha", "CN", UnaryOperator.identity());
        Member b = member("beta", "FR", limit(SMALL));
        a.agree(b, Agreement.Direction.SEND, Tlp.AMBER, false);
        b.agree(a, Agreement.Direction.RECEIVE, Tlp.AMBER, false);
        a.pushTo(b);

        JsonObject[] fitting = indicators(60);
        JsonObject huge = indicator(UUID.randomUUID().toString(), Member.GREEN, "2026-12-01T10:00:00.000Z")
                .with("description", new JsonString("x".repeat((int) SMALL)));
        JsonObject[] all = java.util.Arrays.copyOf(fitting, fitting.length + 1);
        all[fitting.length] = huge;
        a.publish(all);

        await(WAIT, "beta to hold every object that fits", () -> b.receivedIds().size() == fitting.length);
        await(WAIT, "alpha to report the one too large", () -> a.events.stream()
                .anyMatch(e -> e.kind() == SyncEvent.Kind.DENIED && e.objectId().equals(huge.getString("id"))));
        assertThat(b.receivedIds()).containsExactlyInAnyOrderElementsOf(ids(fitting));
        assertThat(a.events).filteredOn(e -> e.objectId().equals(huge.getString("id")))
                .singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("max_content_length of " + SMALL).contains("beta"));
        await(WAIT, "alpha's push to have passed every object", () -> view(a, "beta").backlog() == 0);
        assertThat(view(a, "beta").failures()).as("nothing is retried").isZero();
        assertThat(view(a, "beta").sent()).isEqualTo(fitting.length);

        // later objects still flow, and the one too large is not offered again
        JsonObject later = indicators(1)[0];
        a.publish(later);
        await(WAIT, "the next object at beta", () -> b.receivedIds().contains(later.getString("id")));
        assertThat(a.events).filteredOn(e -> e.objectId().equals(huge.getString("id"))).hasSize(1);
    }

    @Test
    void whenOneOfTwoVersionsInAPageIsTooLargeTheOtherIsRecordedAsSent() {
        Member a = member("alpha", "CN", UnaryOperator.identity());
        Member b = member("beta", "FR", limit(SMALL));
        a.agree(b, Agreement.Direction.SEND, Tlp.AMBER, false);
        b.agree(a, Agreement.Direction.RECEIVE, Tlp.AMBER, false);
        a.pushTo(b);

        // one indicator whose later version is too large, one whose earlier version is
        String bigLater = UUID.randomUUID().toString();
        String bigEarlier = UUID.randomUUID().toString();
        String v1 = "2026-12-01T10:00:00.000Z";
        String v2 = "2026-12-01T11:00:00.000Z";
        String padding = "x".repeat((int) SMALL);
        JsonObject smallOfBigLater = indicator(bigLater, Member.GREEN, v1);
        JsonObject largeOfBigLater = indicator(bigLater, Member.GREEN, v2).with("description", new JsonString(padding));
        JsonObject largeOfBigEarlier = indicator(bigEarlier, Member.GREEN, v1).with("description", new JsonString(padding));
        JsonObject smallOfBigEarlier = indicator(bigEarlier, Member.GREEN, v2);
        a.publish(smallOfBigLater, largeOfBigLater, largeOfBigEarlier, smallOfBigEarlier);

        await(WAIT, "alpha's push to have passed every object", () -> view(a, "beta").backlog() == 0);
        await(WAIT, "beta to hold the versions that fit", () -> b.received().size() == 2);
        assertThat(b.received()).extracting(o -> o.getString("id") + " " + o.getString("modified"))
                .containsExactlyInAnyOrder("indicator--" + bigLater + " " + v1, "indicator--" + bigEarlier + " " + v2);

        // the sender's ledger has a send entry for each version that arrived, and none for those too large
        List<String> sendEntries = a.node.sharingGate().ledger().list(null, null, 100).stream()
                .filter(e -> e.kind() == org.datong.ledger.Ledger.Kind.SEND)
                .map(e -> e.objectId() + " " + java.time.Instant.parse(e.objectVersion()))
                .toList();
        assertThat(sendEntries).containsExactlyInAnyOrder(
                "indicator--" + bigLater + " " + java.time.Instant.parse(v1),
                "indicator--" + bigEarlier + " " + java.time.Instant.parse(v2));
        assertThat(view(a, "beta").sent()).isEqualTo(2);
        assertThat(view(a, "beta").failures()).as("nothing is retried").isZero();

        // one sent and one denied event per indicator; the denials give the reason
        for (String uuid : List.of(bigLater, bigEarlier)) {
            assertThat(a.events).filteredOn(e -> e.objectId().equals("indicator--" + uuid))
                    .extracting(SyncEvent::kind)
                    .containsExactlyInAnyOrder(SyncEvent.Kind.SENT, SyncEvent.Kind.DENIED);
            assertThat(a.events).filteredOn(e -> e.objectId().equals("indicator--" + uuid)
                            && e.kind() == SyncEvent.Kind.DENIED)
                    .singleElement()
                    .satisfies(e -> assertThat(e.detail()).contains("max_content_length of " + SMALL));
        }
    }

    @Test
    void aLimitLoweredAfterItWasReadIsReadAgainAfterA413() {
        Member a = member("alpha", "CN", UnaryOperator.identity());
        Member b = member("beta", "FR", UnaryOperator.identity());
        a.agree(b, Agreement.Direction.SEND, Tlp.AMBER, false);
        b.agree(a, Agreement.Direction.RECEIVE, Tlp.AMBER, false);
        a.pushTo(b);
        JsonObject first = indicators(1)[0];
        a.publish(first);
        await(WAIT, "the first object at beta", () -> b.receivedIds().contains(first.getString("id")));

        // beta restarts with a far smaller limit than alpha read from it
        b.stopNode();
        b.config = limit(SMALL);
        b.startNode();
        JsonObject[] batch = indicators(60);
        a.publish(batch);

        await(WAIT, "every object at beta", () -> b.receivedIds().containsAll(ids(batch)));
        // alpha counts a page as sent once beta's answer is back, which can be just after beta stored it
        await(WAIT, "alpha to count the batch sent", () -> view(a, "beta").sent() >= batch.length + 1);
        assertThat(a.events).noneMatch(e -> e.kind() == SyncEvent.Kind.DENIED);
        assertThat(view(a, "beta").sent()).isEqualTo(batch.length + 1);
    }
}
