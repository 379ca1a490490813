package org.datong.federation;

import org.datong.node.Node;
import org.datong.node.NodeConfig;
import org.datong.policy.Agreement;
import org.datong.policy.Partner;
import org.datong.policy.PersonalData;
import org.datong.policy.Tlp;
import org.datong.policy.store.PolicyStore;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonObject;
import org.datong.store.ObjectQuery;
import org.datong.store.Page;
import org.datong.store.StoredCollection;
import org.datong.store.StoredObject;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/** One node of a test federation: a real node on loopback with its own data folder, and the events it reported. */
final class Member implements AutoCloseable {
    static final String INTEL = "intel";
    static final String PASSWORD = "correct horse battery";

    final String name;
    final String jurisdiction;
    final Path dir;
    final int port;
    final NodeIdentity identity;
    final List<SyncEvent> events = new CopyOnWriteArrayList<>();
    Node node;
    /** What the node's configuration changes from the defaults (applied at every start). */
    UnaryOperator<NodeConfig> config = UnaryOperator.identity();

    private Member(String name, String jurisdiction, Path dir, int port) {
        this.name = name;
        this.jurisdiction = jurisdiction;
        this.dir = dir;
        this.port = port;
        this.identity = NodeIdentity.loadOrCreate(dir, name, jurisdiction, Clock.systemUTC());
    }

    /** Starts a member on a fixed free port (so peers can find it again after a restart). */
    static Member start(Path root, String name, String jurisdiction) {
        return start(root, name, jurisdiction, UnaryOperator.identity());
    }

    /** Starts a member whose configuration differs from the defaults as {@code config} says. */
    static Member start(Path root, String name, String jurisdiction, UnaryOperator<NodeConfig> config) {
        Member m = new Member(name, jurisdiction, root.resolve(name), freePort());
        m.config = config;
        m.startNode();
        if (m.node.store().collection(INTEL).isEmpty()) {
            m.node.store().createCollection(StoredCollection.of(INTEL, "Intel"));
        }
        return m;
    }

    void startNode() {
        node = Node.start(config.apply(NodeConfig.defaults(dir).withPort(port)), Clock.systemUTC());
        node.federation().addListener(events::add);
    }

    void stopNode() {
        node.close();
    }

    @Override
    public void close() {
        if (node != null) {
            try {
                node.close();
            } catch (RuntimeException ignored) {
                // already stopped
            }
        }
    }

    PolicyStore policy() {
        return node.sharingGate().store();
    }

    /** Makes {@code other} a partner of this member, with an agreement. */
    void agree(Member other, Agreement.Direction direction, Tlp maxTlp, boolean relay) {
        if (policy().partner(other.name).isEmpty()) {
            policy().addPartner(new Partner(other.identity.id(), other.name, other.jurisdiction, null,
                    other.identity.publicKeyText()));
        }
        policy().createAgreement(new PolicyStore.AgreementTerms(other.name, direction, Set.of("*"), Set.of("*"), maxTlp,
                "general", PersonalData.Treatment.MINIMISE, relay, Set.of(), null, null, Agreement.State.ACTIVE));
    }

    /** Lets {@code other} sign in here as a peer (user named after it, in group peers) and returns its token. */
    String admit(Member other) {
        if (!node.accounts().users().contains(other.name)) {
            node.accounts().addUser(other.name, PASSWORD.toCharArray(), Set.of("peers"));
        }
        return node.accounts().createToken(other.name, "sync");
    }

    /** This member pushes to {@code other}'s inbox. */
    void pushTo(Member other) {
        String token = other.admit(this);
        node.peers().add(new Peer(other.name, other.node.taxiiApiRoot(), other.identity.id(),
                other.identity.publicKeyText(), List.of(), FederationConfig.DEFAULT_INBOX, new Peer.Auth.Token(token)));
        node.federation().peersChanged();
    }

    /** This member pulls what {@code other} prepares for it (other's outbox for this member). */
    void pullFrom(Member other) {
        String token = other.admit(this);
        // the other side serves this member by pull: a peer entry without an inbox
        if (other.node.peers().get(name).isEmpty()) {
            other.node.peers().add(new Peer(name, node.taxiiApiRoot(), identity.id(), identity.publicKeyText(),
                    List.of(FederationConfig.outboxOf(other.name)), null, new Peer.Auth.Token(admit(other))));
            other.node.federation().peersChanged();
        }
        node.peers().add(new Peer(other.name, other.node.taxiiApiRoot(), other.identity.id(),
                other.identity.publicKeyText(), List.of(FederationConfig.outboxOf(name)), null, new Peer.Auth.Token(token)));
        node.federation().peersChanged();
    }

    void publish(JsonObject... objects) {
        node.store().add(INTEL, List.of(objects));
    }

    /** Every version in the received collection. */
    List<JsonObject> received() {
        List<JsonObject> out = new ArrayList<>();
        ObjectQuery q = ObjectQuery.all().withVersions(ObjectQuery.Versions.ALL);
        String next = null;
        do {
            Page p = node.store().objects(FederationConfig.DEFAULT_RECEIVED, q.withNext(next));
            for (StoredObject o : p.objects()) {
                out.add(o.parse());
            }
            next = p.next();
        } while (next != null);
        return out;
    }

    List<String> receivedIds() {
        return received().stream().map(o -> o.getString("id")).toList();
    }

    static void await(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static final String GREEN = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da";
    static final String AMBER = "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82";
    static final String RED = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed";

    /** An indicator with the given marking, a fixed id per label, and a given modified time. */
    static JsonObject indicator(String uuid, String marking, String modified) {
        return Json.parseObject("""
                {"type":"indicator","spec_version":"2.1","id":"indicator--%s",
                 "created":"2026-12-01T10:00:00.000Z","modified":"%s",
                 "name":"test indicator","pattern":"[ipv4-addr:value = '198.51.100.7']","pattern_type":"stix",
                 "valid_from":"2026-12-01T10:00:00Z","object_marking_refs":["%s"]}
                """.formatted(uuid, modified, marking));
    }

    @Override
    public String toString() {
        return name;
    }
}
