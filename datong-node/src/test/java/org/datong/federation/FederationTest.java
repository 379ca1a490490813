package org.datong.federation;

import org.datong.policy.Agreement;
import org.datong.policy.Tlp;
import org.datong.stix.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datong.federation.Member.await;
import static org.datong.federation.Member.indicator;

/** Three real nodes on loopback syncing through their real policy gates. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FederationTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path root;
    private final List<Member> members = new ArrayList<>();

    private Member member(String name, String cc) {
        Member m = Member.start(root, name, cc);
        members.add(m);
        return m;
    }

    @AfterEach
    void stop() {
        members.forEach(Member::close);
    }

    @Test
    void objectRelaysAcrossTwoHopsKeepingItsOriginSignature() {
        Member a = member("alpha", "CN");
        Member b = member("beta", "FR");
        Member c = member("gamma", "BR");
        a.agree(b, Agreement.Direction.SEND, Tlp.AMBER, false);
        b.agree(a, Agreement.Direction.RECEIVE, Tlp.AMBER, true);
        b.agree(c, Agreement.Direction.SEND, Tlp.AMBER, false);
        c.agree(b, Agreement.Direction.RECEIVE, Tlp.AMBER, false);
        a.pushTo(b);
        b.pushTo(c);

        JsonObject ioc = indicator("11111111-1111-4111-8111-111111111111", Member.GREEN, "2026-12-01T10:00:00.000Z");
        a.publish(ioc);

        await(WAIT, "the indicator at gamma", () -> c.receivedIds().contains(ioc.getString("id")));
        JsonObject atGamma = c.received().getFirst();
        assertThat(Provenance.strip(atGamma).getString("pattern")).isEqualTo(ioc.getString("pattern"));
        assertThat(Provenance.strip(atGamma).getStrings("object_marking_refs")).contains(Member.GREEN);
        assertThat(Provenance.signers(atGamma)).containsExactly(a.identity.id(), b.identity.id());
        assertThat(c.events).anyMatch(e -> e.kind() == SyncEvent.Kind.RECEIVED && e.peer().equals("beta"));
        assertThat(a.events).anyMatch(e -> e.kind() == SyncEvent.Kind.SENT && e.peer().equals("beta"));
        // both ledgers recorded the transfer
        assertThat(a.node.sharingGate().ledger().verify().ok()).isTrue();
    }
}
