package org.datong.federation;

import org.datong.policy.Decision;
import org.datong.policy.Partner;
import org.datong.policy.store.SharingGate;
import org.datong.stix.StixObject;
import org.datong.stix.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The engine's {@link SharingPolicy} over the node's {@link SharingGate} (which writes the ledger). */
public final class GatePolicy implements SharingPolicy {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GatePolicy.class);
    private final SharingGate gate;
    private final org.datong.store.Database database;

    public GatePolicy(SharingGate gate) {
        this(gate, null);
    }

    /** With a database, batches of decisions and ledger entries commit once ({@link #batch}). */
    public GatePolicy(SharingGate gate, org.datong.store.Database database) {
        this.gate = gate;
        this.database = database;
    }

    @Override
    public Outbound prepare(String partner, String collection, JsonObject object) {
        return outbound(object, gate.prepare(partner, collection, object));
    }

    @Override
    public Outbound relay(String origin, String partner, String collection, JsonObject object) {
        return outbound(object, gate.relay(origin, partner, collection, StixObject.of(object)));
    }

    private static Outbound outbound(JsonObject in, SharingGate.Outcome outcome) {
        return switch (outcome) {
            case SharingGate.Allow a -> {
                String redactions = redactions(a.decision());
                yield new Allow(a.object().json(), !redactions.isEmpty(),
                        redactions.isEmpty() ? reason(a.decision()) : redactions);
            }
            case SharingGate.Review r -> new Review("review " + r.reviewId() + ": " + reason(r.decision()));
            case SharingGate.Deny d -> new Deny(reason(d.decision()));
        };
    }

    @Override
    public void recordSent(String partner, JsonObject object) {
        gate.recordSent(partner, StixObject.of(object));
    }

    @Override
    public void recordSent(String partner, JsonObject object, String contentHash) {
        gate.recordSent(partner, StixObject.of(object), contentHash);
    }

    @Override
    public Inbound receive(String partner, String collection, JsonObject object) {
        return inbound(gate.receive(partner, collection, object));
    }

    @Override
    public Inbound receive(String partner, String collection, JsonObject object, String contentHash) {
        return inbound(gate.receive(partner, collection, StixObject.of(object), contentHash));
    }

    private static Inbound inbound(SharingGate.Inbound in) {
        return switch (in) {
            case SharingGate.Admitted a -> new Admit();
            case SharingGate.Refused r -> new Refuse(r.rule() + ": " + reason(r.decision()));
        };
    }

    @Override
    public void prefetch(Collection<String> objectIds) {
        gate.prefetchRecordedGrades(objectIds);
    }

    @Override
    public void recordRefusal(String partner, String collection, JsonObject object, String rule, String reason) {
        String version = object.getString("modified") != null ? object.getString("modified") : object.getString("created");
        gate.recordRefusal(partner, object.getString("id"), version, rule, reason);
    }

    @Override
    public List<PartnerKey> partners() {
        List<PartnerKey> out = new ArrayList<>();
        for (Partner p : gate.store().partners()) {
            out.add(new PartnerKey(p.name(), p.identityId(), p.publicKey()));
        }
        return out;
    }

    /** The decisive rules in words, for events and logs. */
    /**
     * What the policy took out of the object, in words, or "" when nothing:
     * personal information minimised or dropped, granular markings above the
     * agreement removed. Adding a default marking is not a redaction.
     */
    private static String redactions(Decision d) {
        List<String> words = new ArrayList<>();
        for (Decision.Applied a : d.rules()) {
            boolean personal = a.rule().startsWith("personal-data-") && !a.rule().equals("personal-data-keep");
            if (personal || a.rule().equals("granular-tlp-dropped")) {
                words.add(a.words());
            }
        }
        return String.join("; ", words);
    }

    private static String reason(Decision d) {
        List<String> words = new ArrayList<>();
        for (Decision.Applied a : d.rules()) {
            if (a.decisive()) {
                words.add(a.rule() + " (" + a.words() + ")");
            }
        }
        if (words.isEmpty()) {
            for (Decision.Applied a : d.rules()) {
                words.add(a.rule());
            }
        }
        return String.join("; ", words);
    }

    @Override
    public List<Approved> approvedSince(String partner, java.time.Instant after) {
        return gate.store().reviews(org.datong.policy.store.Review.State.APPROVED, partner).stream()
                .filter(r -> r.decidedAt() != null && (after == null || r.decidedAt().isAfter(after)))
                .sorted(java.util.Comparator.comparing(org.datong.policy.store.Review::decidedAt))
                .map(r -> new Approved(r.collectionId(), r.objectId(), r.objectVersion(), r.decidedAt()))
                .toList();
    }

    @Override
    public <T> T batch(java.util.function.Supplier<T> work) {
        if (database == null) {
            return gate.batch(work);
        }
        try {
            return database.inTransaction(() -> gate.batch(work));
        } catch (org.datong.store.StoreException e) {
            // nothing of the batch was kept; do it again one commit at a time so one bad step cannot stall a peer
            LOG.warn("a batch of sharing decisions failed as a unit ({}); repeating it step by step", e.getMessage());
            return gate.batch(work);
        }
    }
}
