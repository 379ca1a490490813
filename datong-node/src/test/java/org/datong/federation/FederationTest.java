package org.datong.federation;

import org.datong.policy.Agreement;
import org.datong.policy.Tlp;
import org.datong.stix.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
        // each hop's send and receive entries carry the same content hash: the digest the origin signed
        // (of the object as alpha's policy let it go)
        String digest = Provenance.digest(atGamma).substring("sha256:".length());
        await(WAIT, "the send entries", () -> sentHashes(a, ioc).size() == 1 && sentHashes(b, ioc).size() == 1);
        assertThat(sentHashes(a, ioc)).containsExactly(digest);
        assertThat(sentHashes(b, ioc)).containsExactly(digest);
        for (Member m : List.of(b, c)) {
            assertThat(m.node.sharingGate().ledger().list(null, null, 100))
                    .filteredOn(e -> e.kind() == org.datong.ledger.Ledger.Kind.RECEIVE && ioc.getString("id").equals(e.objectId()))
                    .extracting(org.datong.ledger.Ledger.Entry::contentHash).containsExactly(digest);
            assertThat(m.node.sharingGate().ledger().verify().ok()).isTrue();
        }
    }

    private static List<String> sentHashes(Member m, JsonObject o) {
        return m.node.sharingGate().ledger().list(null, null, 100).stream()
                .filter(e -> e.kind() == org.datong.ledger.Ledger.Kind.SEND && o.getString("id").equals(e.objectId()))
                .map(org.datong.ledger.Ledger.Entry::contentHash).toList();
    }

    @Test
    void eachPartnerGetsExactlyWhatItsAgreementEntitlesItTo() {
        Member a = member("alpha", "CN");
        Member b = member("beta", "FR");
        Member c = member("gamma", "BR");
        a.agree(b, Agreement.Direction.SEND, Tlp.AMBER, false);
        a.agree(c, Agreement.Direction.SEND, Tlp.GREEN, false);
        b.agree(a, Agreement.Direction.RECEIVE, Tlp.AMBER, false);
        c.agree(a, Agreement.Direction.RECEIVE, Tlp.AMBER, false);
        a.pushTo(b);
        a.pushTo(c);

        JsonObject green = indicator("22222222-2222-4222-8222-222222222222", Member.GREEN, "2026-12-01T10:00:00.000Z");
        JsonObject amber = indicator("33333333-3333-4333-8333-333333333333", Member.AMBER, "2026-12-01T10:00:00.000Z");
        JsonObject red = indicator("44444444-4444-4444-8444-444444444444", Member.RED, "2026-12-01T10:00:00.000Z");
        a.publish(green, amber, red);

        await(WAIT, "beta to get green and amber", () -> b.receivedIds().size() == 2);
        await(WAIT, "gamma to get green", () -> c.receivedIds().size() == 1);
        await(WAIT, "alpha to decide on every object for both peers", () -> a.events.stream()
                .filter(e -> e.kind() != SyncEvent.Kind.REDACTED).count() == 6);
        assertThat(b.receivedIds()).containsExactlyInAnyOrder(green.getString("id"), amber.getString("id"));
        assertThat(c.receivedIds()).containsExactly(green.getString("id"));
        assertThat(a.events).anyMatch(e -> e.kind() == SyncEvent.Kind.DENIED && e.peer().equals("gamma")
                && e.objectId().equals(amber.getString("id")));
        assertThat(a.events).filteredOn(e -> e.objectId().equals(red.getString("id")))
                .allMatch(e -> e.kind() == SyncEvent.Kind.DENIED || e.kind() == SyncEvent.Kind.HELD_FOR_REVIEW);
    }

    @Test
    void unsignedAlteredAndForgedObjectsAreRefusedAndRecorded() throws Exception {
        Member b = member("beta", "FR");
        Member c = member("gamma", "BR");
        c.agree(b, Agreement.Direction.RECEIVE, Tlp.AMBER, false);
        String token = c.admit(b);
        NodeIdentity mallory = NodeIdentity.create(root.resolve("mallory"), "mallory", "FR", java.time.Clock.systemUTC());

        JsonObject plain = indicator("55555555-5555-4555-8555-555555555555", Member.GREEN, "2026-12-01T10:00:00.000Z");
        JsonObject signedByB = Provenance.signAsOrigin(
                indicator("66666666-6666-4666-8666-666666666666", Member.GREEN, "2026-12-01T10:00:00.000Z"), b.identity, null);
        JsonObject altered = Provenance.signAsOrigin(
                indicator("66666666-6666-4666-8666-000000000000", Member.GREEN, "2026-12-01T10:00:00.000Z"), b.identity, null)
                .with("name", new org.datong.stix.json.JsonString("changed on the way"));
        // mallory signs in beta's name with her own key
        JsonObject forged = org.datong.stix.json.Json.parseObject(org.datong.stix.json.Json.write(Provenance.signAsOrigin(
                indicator("77777777-7777-4777-8777-777777777777", Member.GREEN, "2026-12-01T10:00:00.000Z"), mallory, null))
                .replace(mallory.id(), b.identity.id()));
        JsonObject unknown = Provenance.signAsOrigin(
                indicator("88888888-8888-4888-8888-888888888888", Member.GREEN, "2026-12-01T10:00:00.000Z"), mallory, null);

        Peer asBeta = new Peer("gamma", c.node.taxiiApiRoot(), c.identity.id(), c.identity.publicKeyText(), List.of(),
                FederationConfig.DEFAULT_INBOX, new Peer.Auth.Token(token));
        HttpPeerLink link = new HttpPeerLink(asBeta, java.net.http.HttpClient.newHttpClient(), Duration.ofSeconds(10));
        PeerLink.PushResult pushed = link.push(FederationConfig.DEFAULT_INBOX, List.of(plain, altered, forged, unknown, signedByB));
        assertThat(pushed.failures()).isEmpty();

        await(WAIT, "the genuine object at gamma", () -> c.receivedIds().contains(signedByB.getString("id")));
        await(WAIT, "four refusals", () -> c.events.stream().filter(e -> e.kind() == SyncEvent.Kind.REFUSED).count() == 4);
        assertThat(c.receivedIds()).containsExactly(signedByB.getString("id"));
        assertThat(c.events).filteredOn(e -> e.kind() == SyncEvent.Kind.REFUSED).extracting(SyncEvent::detail)
                .anyMatch(d -> d.startsWith("unsigned"))
                .anyMatch(d -> d.startsWith("altered"))
                .anyMatch(d -> d.startsWith("bad-signature") || d.startsWith("malformed"))
                .anyMatch(d -> d.startsWith("unknown-signer"));
        assertThat(c.node.sharingGate().ledger().list(null, null, 100).stream().filter(e -> e.kind() == org.datong.ledger.Ledger.Kind.REFUSE))
                .hasSize(4);
    }

    @Test
    void anAccountThatCannotOwnAnInboxIsToldWhyInsteadOfA500() throws Exception {
        Member b = member("beta", "FR");
        Member c = member("gamma", "BR");
        c.agree(b, Agreement.Direction.RECEIVE, Tlp.AMBER, false);
        // an account with an e-mail address as its name, in group peers: it cannot be a partner's name
        c.node.accounts().addUser("beta@example.org", Member.PASSWORD.toCharArray(), java.util.Set.of("peers"));
        Peer asBeta = new Peer("gamma", c.node.taxiiApiRoot(), c.identity.id(), c.identity.publicKeyText(), List.of(),
                FederationConfig.DEFAULT_INBOX, new Peer.Auth.Basic("beta@example.org", Member.PASSWORD));
        HttpPeerLink link = new HttpPeerLink(asBeta, java.net.http.HttpClient.newHttpClient(), Duration.ofSeconds(10));
        JsonObject signed = Provenance.signAsOrigin(
                indicator("99999999-9999-4999-8999-999999999999", Member.GREEN, "2026-12-01T10:00:00.000Z"), b.identity, null);

        assertThatThrownBy(() -> link.push(FederationConfig.DEFAULT_INBOX, List.of(signed)))
                .isInstanceOf(PeerLink.Unavailable.class)
                .hasMessageContaining("HTTP 403")
                .hasMessageContaining("beta@example.org")
                .hasMessageContaining("named after their partner")
                .hasMessageNotContaining("500");
        assertThat(c.node.store().collection(FederationConfig.inboxOf("beta@example.org"))).isEmpty();
    }

    @Test
    void aCopyRefusedInAPeersInboxDoesNotBlockALaterCopyOfTheSameVersion() throws Exception {
        Member b = member("beta", "FR");
        Member c = member("gamma", "BR");
        // gamma knows beta's key but has no agreement with it yet: what beta sends is refused by policy
        c.policy().addPartner(new org.datong.policy.Partner(b.identity.id(), b.name, b.jurisdiction, null,
                b.identity.publicKeyText()));
        Peer asBeta = new Peer("gamma", c.node.taxiiApiRoot(), c.identity.id(), c.identity.publicKeyText(), List.of(),
                FederationConfig.DEFAULT_INBOX, new Peer.Auth.Token(c.admit(b)));
        HttpPeerLink link = new HttpPeerLink(asBeta, java.net.http.HttpClient.newHttpClient(), Duration.ofSeconds(10));
        JsonObject amber = Provenance.signAsOrigin(
                indicator("dddddddd-dddd-4ddd-8ddd-dddddddddddd", Member.AMBER, "2026-12-01T10:00:00.000Z"), b.identity, null);
        JsonObject green = Provenance.signAsOrigin(
                indicator("eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee", Member.GREEN, "2026-12-01T10:00:00.000Z"), b.identity, null);
        // a copy of green's version damaged on the way: its signature no longer matches
        JsonObject damaged = green.with("pattern", new org.datong.stix.json.JsonString("[ipv4-addr:value = '203.0.113.1']"));
        String inbox = FederationConfig.inboxOf("beta");

        assertThat(link.push(FederationConfig.DEFAULT_INBOX, List.of(damaged, amber)).failures()).isEmpty();
        await(WAIT, "gamma to refuse both", () -> c.events.stream().filter(e -> e.kind() == SyncEvent.Kind.REFUSED).count() == 2);
        await(WAIT, "the refused copies to leave beta's inbox", () -> c.node.store().count(inbox) == 0);
        assertThat(c.receivedIds()).isEmpty();

        // the policy changes, and beta pushes the same versions again, intact: both are examined and admitted
        c.agree(b, Agreement.Direction.RECEIVE, Tlp.AMBER, false);
        PeerLink.PushResult again = link.push(FederationConfig.DEFAULT_INBOX, List.of(green, amber));
        assertThat(again.failures()).isEmpty();
        await(WAIT, "both versions at gamma", () -> c.receivedIds().size() == 2);
        assertThat(c.receivedIds()).containsExactlyInAnyOrder(green.getString("id"), amber.getString("id"));
        assertThat(c.received()).filteredOn(o -> o.getString("id").equals(green.getString("id"))).singleElement()
                .satisfies(o -> assertThat(o.getString("pattern")).isEqualTo(green.getString("pattern")));
        assertThat(c.node.store().count(inbox)).as("the admitted copies stay in the inbox").isEqualTo(2);
        // the refusals stay in the ledger, against beta, beside the admissions
        List<org.datong.ledger.Ledger.Entry> ledger = c.node.sharingGate().ledger().list(null, null, 100);
        assertThat(ledger).filteredOn(e -> e.kind() == org.datong.ledger.Ledger.Kind.REFUSE)
                .hasSize(2).allSatisfy(e -> assertThat(e.partner()).isEqualTo("beta"));
        assertThat(ledger).filteredOn(e -> e.kind() == org.datong.ledger.Ledger.Kind.RECEIVE).hasSize(2);
        assertThat(c.node.sharingGate().ledger().verify().ok()).isTrue();

        // a third copy of an admitted version is a duplicate in the inbox and nothing happens
        link.push(FederationConfig.DEFAULT_INBOX, List.of(green));
        assertThat(c.node.store().count(inbox)).isEqualTo(2);
    }

    @Test
    void aForgedCopyPushedFirstDoesNotBlockTheGenuineVersion() throws Exception {
        Member a = member("alpha", "CN");
        Member b = member("beta", "FR");
        Member c = member("gamma", "BR");
        a.agree(c, Agreement.Direction.SEND, Tlp.AMBER, false);
        c.agree(a, Agreement.Direction.RECEIVE, Tlp.AMBER, false);
        c.agree(b, Agreement.Direction.RECEIVE, Tlp.AMBER, false);
        String betaToken = c.admit(b);
        JsonObject genuine = indicator("cccccccc-cccc-4ccc-8ccc-cccccccccccc", Member.GREEN, "2026-12-01T10:00:00.000Z");
        // beta, a peer of gamma, got alpha's signed indicator and pushes it on with another pattern, before alpha does
        JsonObject forged = Provenance.signAsOrigin(genuine, a.identity, null)
                .with("pattern", new org.datong.stix.json.JsonString("[ipv4-addr:value = '203.0.113.66']"));
        Peer asBeta = new Peer("gamma", c.node.taxiiApiRoot(), c.identity.id(), c.identity.publicKeyText(), List.of(),
                FederationConfig.DEFAULT_INBOX, new Peer.Auth.Token(betaToken));
        HttpPeerLink link = new HttpPeerLink(asBeta, java.net.http.HttpClient.newHttpClient(), Duration.ofSeconds(10));
        assertThat(link.push(FederationConfig.DEFAULT_INBOX, List.of(forged)).failures()).isEmpty();
        await(WAIT, "gamma to refuse the forgery", () -> c.events.stream().anyMatch(e -> e.kind() == SyncEvent.Kind.REFUSED));
        // beta may not write into another peer's inbox either
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> link.push(FederationConfig.inboxOf("alpha"), List.of(forged)))
                .isInstanceOf(PeerLink.Unavailable.class);

        a.pushTo(c);
        a.publish(genuine);
        await(WAIT, "the genuine version at gamma", () -> c.receivedIds().contains(genuine.getString("id")));
        assertThat(c.received()).singleElement().satisfies(o -> {
            assertThat(o.getString("pattern")).isEqualTo(genuine.getString("pattern"));
            assertThat(Provenance.signers(o)).containsExactly(a.identity.id());
        });
        assertThat(c.node.sharingGate().ledger().list(null, null, 100))
                .filteredOn(e -> e.kind() == org.datong.ledger.Ledger.Kind.REFUSE)
                .singleElement().satisfies(e -> {
                    assertThat(e.partner()).isEqualTo("beta");
                    assertThat(e.objectId()).isEqualTo(genuine.getString("id"));
                    assertThat(e.rules()).contains("altered");
                });
    }

    @Test
    void newVersionsAndRevocationsPropagateAndTheLatestModifiedWins() {
        Member a = member("alpha", "CN");
        Member b = member("beta", "FR");
        a.agree(b, Agreement.Direction.SEND, Tlp.AMBER, false);
        b.agree(a, Agreement.Direction.RECEIVE, Tlp.AMBER, false);
        a.pushTo(b);
        String uuid = "99999999-9999-4999-8999-999999999999";
        JsonObject v1 = indicator(uuid, Member.GREEN, "2026-12-01T10:00:00.000Z");
        JsonObject v2 = indicator(uuid, Member.GREEN, "2026-12-01T11:00:00.000Z")
                .with("revoked", org.datong.stix.json.JsonBoolean.of(true));
        a.publish(v1);
        await(WAIT, "v1 at beta", () -> b.received().size() == 1);
        a.publish(v2);
        await(WAIT, "v2 at beta", () -> b.received().size() == 2);
        // publishing v1 again is a no-op everywhere: same version already held
        a.publish(v1);

        JsonObject latest = b.node.store().objects(FederationConfig.DEFAULT_RECEIVED,
                org.datong.store.ObjectQuery.all()).objects().getFirst().parse();
        assertThat(latest.getString("modified")).isEqualTo("2026-12-01T11:00:00.000Z");
        assertThat(latest.getBoolean("revoked", false)).isTrue();
        assertThat(b.received()).hasSize(2);
    }

    @Test
    void aPeerThatWasDownIsCaughtUpWithoutLossOrDuplicates() {
        Member a = member("alpha", "CN");
        Member b = member("beta", "FR");
        a.agree(b, Agreement.Direction.SEND, Tlp.AMBER, false);
        b.agree(a, Agreement.Direction.RECEIVE, Tlp.AMBER, false);
        a.pushTo(b);
        b.stopNode();

        List<JsonObject> batch = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            batch.add(indicator(String.format("aaaaaaaa-0000-4000-8000-%012d", i), Member.GREEN, "2026-12-01T10:00:00.000Z"));
        }
        a.publish(batch.subList(0, 20).toArray(JsonObject[]::new));
        await(WAIT, "alpha to notice beta is down", () -> a.node.peers().state("beta").failures() >= 2);
        assertThat(a.node.peers().state("beta").lastError()).contains("beta");
        a.publish(batch.subList(20, 40).toArray(JsonObject[]::new));

        b.startNode();
        a.node.federation().syncNow();
        await(Duration.ofSeconds(60), "beta to catch up", () -> b.received().size() == 40);
        assertThat(b.receivedIds()).doesNotHaveDuplicates();
        await(WAIT, "alpha to record the success", () -> a.node.peers().state("beta").failures() == 0);
        assertThat(a.node.peers().state("beta").lastSuccess()).isNotNull();
    }

    @Test
    void peerStatusAndMetricsShowBacklogAndLagWhilePeersAreDownAndZeroOnceCaughtUp() {
        Member a = member("alpha", "CN");
        Member b = member("beta", "FR");
        Member c = member("gamma", "BR");
        a.agree(b, Agreement.Direction.SEND, Tlp.AMBER, false);
        b.agree(a, Agreement.Direction.RECEIVE, Tlp.AMBER, false);
        a.pushTo(b);
        a.pullFrom(c);
        await(WAIT, "alpha to pull from gamma once",
                () -> a.node.peers().link("gamma", PeerRegistry.Direction.PULL).caughtUp() != null);
        b.stopNode();
        c.stopNode();

        List<JsonObject> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(indicator(String.format("dddddddd-0000-4000-8000-%012d", i), Member.GREEN, "2026-12-01T10:00:00.000Z"));
        }
        a.publish(batch.toArray(JsonObject[]::new));
        await(WAIT, "alpha to fail pushing to beta",
                () -> a.node.peers().link("beta", PeerRegistry.Direction.PUSH).lastError() != null);
        a.node.federation().syncNow();
        await(WAIT, "alpha to fail pulling from gamma",
                () -> a.node.peers().link("gamma", PeerRegistry.Direction.PULL).lastError() != null);
        sleep(300);

        // the command line reads the running node's data folder
        StringWriter out = new StringWriter();
        int code = org.datong.cli.Main.run(new String[]{"peer", "status", "--data", a.dir.toString()},
                new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        assertThat(code).as(out.toString()).isEqualTo(1);
        String push = line(out.toString(), "beta", "push:");
        assertThat(push).contains("backlog 20 ").doesNotContain("last error -");
        assertThat(number(push, "lag ([0-9.]+)s")).isGreaterThan(0.2);
        String pull = line(out.toString(), "gamma", "pull:");
        assertThat(number(pull, "lag ([0-9.]+)s")).isGreaterThan(0.2);
        assertThat(pull).doesNotContain("last error -");

        String scrape = metrics(a);
        assertThat(gauge(scrape, "datong_federation_backlog{peer=\"beta\"}")).isEqualTo(20.0);
        assertThat(gauge(scrape, "datong_federation_lag_seconds{direction=\"push\",peer=\"beta\"}")).isGreaterThan(0.2);
        assertThat(gauge(scrape, "datong_federation_lag_seconds{direction=\"pull\",peer=\"gamma\"}")).isGreaterThan(0.2);
        assertThat(gauge(scrape, "datong_federation_last_error_seconds{direction=\"push\",peer=\"beta\"}")).isPositive();
        assertThat(gauge(scrape, "datong_federation_last_error_seconds{direction=\"pull\",peer=\"gamma\"}")).isPositive();

        b.startNode();
        c.startNode();
        a.node.federation().syncNow();
        await(Duration.ofSeconds(60), "beta to catch up", () -> b.received().size() == 20);
        await(WAIT, "alpha to pull from gamma again",
                () -> a.node.peers().link("gamma", PeerRegistry.Direction.PULL).lastError() == null);
        await(WAIT, "the gauges to come back to zero", () -> {
            String now = metrics(a);
            return gauge(now, "datong_federation_backlog{peer=\"beta\"}") == 0
                    && gauge(now, "datong_federation_lag_seconds{direction=\"push\",peer=\"beta\"}") == 0
                    && gauge(now, "datong_federation_last_error_seconds{direction=\"push\",peer=\"beta\"}") == 0;
        });
        out = new StringWriter();
        code = org.datong.cli.Main.run(new String[]{"peer", "status", "--data", a.dir.toString()},
                new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        assertThat(code).as(out.toString()).isEqualTo(0);
        assertThat(line(out.toString(), "beta", "push:")).contains("backlog 0  lag 0.000s").contains("last error -");
        pull = line(out.toString(), "gamma", "pull:");
        assertThat(pull).contains("last error -");
        assertThat(number(pull, "lag ([0-9.]+)s")).isLessThan(FederationConfig.defaults().pollInterval().toSeconds());
    }

    /** The line of a peer's block in 'peer status' output that starts with a label. */
    private static String line(String status, String peer, String label) {
        String[] lines = status.split("\\R");
        boolean inBlock = false;
        for (String l : lines) {
            if (!l.startsWith(" ")) {
                inBlock = l.startsWith(peer + " ");
            } else if (inBlock && l.trim().startsWith(label)) {
                return l;
            }
        }
        throw new AssertionError("no '" + label + "' line for " + peer + " in:\n" + status);
    }

    private static double number(String text, String regex) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** The value of one sample in a Prometheus scrape. */
    private static double gauge(String scrape, String sample) {
        for (String l : scrape.split("\\R")) {
            if (l.startsWith(sample + " ")) {
                return Double.parseDouble(l.substring(sample.length() + 1).trim());
            }
        }
        throw new AssertionError("no sample " + sample + " in the scrape");
    }

    @Test
    void pullingFromAPeerThatHasNothingNewCostsOneRequestPerCollection() {
        Member a = member("alpha", "CN");
        Member b = member("beta", "FR");
        a.agree(b, Agreement.Direction.SEND, Tlp.AMBER, false);
        b.agree(a, Agreement.Direction.RECEIVE, Tlp.AMBER, false);
        b.pullFrom(a);

        JsonObject ioc = indicator("bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb", Member.GREEN, "2026-12-01T10:00:00.000Z");
        a.publish(ioc);
        await(WAIT, "alpha to fill beta's outbox", () -> a.node.store().count(FederationConfig.outboxOf("beta")) == 1);
        b.node.federation().syncNow();
        await(WAIT, "beta to pull it", () -> b.receivedIds().contains(ioc.getString("id")));

        await(WAIT, "beta to record the pull", () -> pullRequests(b) > 0);
        sleep(300);
        long before = pullRequests(b);
        b.node.federation().syncNow();
        await(WAIT, "one more pull", () -> pullRequests(b) > before);
        sleep(500);
        assertThat(pullRequests(b) - before).isEqualTo(1);
        assertThat(b.received()).hasSize(1);
        assertThat(metrics(b)).contains("datong_federation_pull_requests_total{peer=\"alpha\"}");
    }

    private static long pullRequests(Member m) {
        return m.node.federation().peers().stream().mapToLong(SyncEngine.PeerView::pullRequests).sum();
    }

    static String metrics(Member m) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(m.node.uri().resolve("/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
