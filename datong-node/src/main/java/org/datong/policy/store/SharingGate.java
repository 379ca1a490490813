package org.datong.policy.store;

import org.datong.ledger.Ledger;
import org.datong.policy.Agreement;
import org.datong.policy.Decision;
import org.datong.policy.JurisdictionRules;
import org.datong.policy.Markings;
import org.datong.policy.Partner;
import org.datong.policy.Policy;
import org.datong.policy.RulesException;
import org.datong.policy.Tlp;
import org.datong.stix.StixObject;
import org.datong.stix.json.JsonObject;
import org.datong.store.Database;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one door every object passes when it crosses this node's border, used
 * by federation for each object it sends, receives or relays.
 *
 * <ul>
 * <li>{@link #prepare} decides whether an object may go to a partner and in
 *     what form; deny and review are written to the ledger at once, a review
 *     is queued (once per object content and partner);</li>
 * <li>{@link #recordSent} writes the {@code send} ledger entry after the
 *     transfer succeeded;</li>
 * <li>{@link #receive} decides whether an object from a partner is admitted
 *     and writes {@code receive} or {@code refuse};</li>
 * <li>{@link #recordRefusal} records refusals federation decides itself (bad
 *     signature, unknown signer);</li>
 * <li>{@link #relay} decides whether an object that came from one partner may
 *     go on to another.</li>
 * </ul>
 * Partners are named by short name or STIX identity id. Thread-safe.
 */
public final class SharingGate {
    /** How many recent Allow decisions are remembered so {@link #recordSent} can record their rules. */
    private static final int RECENT_DECISIONS = 10_000;
    private static final String RULES_HASH_SETTING = "rules_sha256";

    /** What {@link #prepare} and {@link #relay} answer. */
    public sealed interface Outcome {
        /** The decision, with its plain-words explanation. */
        Decision decision();

        /** The ids of the rules that decided. */
        default List<String> rules() {
            return decision().decisiveRuleIds();
        }
    }

    /** Send {@code object} (already transformed); call {@link #recordSent} once it has been transferred. */
    public record Allow(StixObject object, Decision decision) implements Outcome {
    }

    /**
     * Not yet: a human must approve first.
     *
     * @param reviewId the review in the queue
     * @param queued   true when this call queued it, false when it was waiting already
     */
    public record Review(long reviewId, boolean queued, Decision decision) implements Outcome {
    }

    /** Never (as things stand). */
    public record Deny(Decision decision) implements Outcome {
    }

    /** What {@link #receive} answers. */
    public sealed interface Inbound {
        Decision decision();
    }

    /** Store the object. */
    public record Admitted(StixObject object, Decision decision) implements Inbound {
    }

    /** Do not store it; {@code rule} is the deciding rule. */
    public record Refused(String rule, Decision decision) implements Inbound {
    }

    private final PolicyStore store;
    private final Ledger ledger;
    private final Clock clock;
    private volatile Policy policy;
    /** Allow decisions by partner, object id and version; {@link #recordSent} checks the content is what was allowed. */
    private final Map<String, Decision.Allow> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Decision.Allow> eldest) {
            return size() > RECENT_DECISIONS;
        }
    };

    /** A gate over a database with the given rules. */
    public SharingGate(Database db, Clock clock, JurisdictionRules rules) {
        this(new PolicyStore(db, clock, new Ledger(db, clock)), clock, rules);
    }

    /** A gate over an existing store (sharing its ledger). */
    public SharingGate(PolicyStore store, Clock clock, JurisdictionRules rules) {
        this.store = store;
        this.ledger = store.ledger();
        this.clock = clock;
        this.policy = new Policy(rules, Markings.standard().withAll(store.markingDefinitions()));
    }

    /**
     * A gate for a node's data folder: loads (creating with safe defaults)
     * {@code DATA/policy/rules.json}, and records a policy ledger entry when
     * the rules changed since the node last loaded them.
     */
    public static SharingGate open(Database db, Path dataDir, Clock clock) throws RulesException {
        JurisdictionRules rules = RulesFile.load(dataDir);
        SharingGate gate = new SharingGate(db, clock, rules);
        String hash = Ledger.contentHash(new org.datong.stix.json.JsonString(String.valueOf(RulesFile.text(dataDir))));
        Optional<String> old = gate.store.setting(RULES_HASH_SETTING);
        if (old.isEmpty() || !old.get().equals(hash)) {
            gate.store.putSetting(RULES_HASH_SETTING, hash);
            gate.ledger.append(Ledger.Draft.policy(null, (old.isEmpty() ? "jurisdiction rules loaded" : "jurisdiction rules changed")
                    + " from " + RulesFile.path(dataDir) + " (sha256 " + hash + ", jurisdiction " + rules.jurisdiction() + ", "
                    + rules.rules().size() + " rules)"));
        }
        return gate;
    }

    public PolicyStore store() {
        return store;
    }

    public Ledger ledger() {
        return ledger;
    }

    public Policy policy() {
        return policy;
    }

    /** A partner by short name or identity id (with its public key, for signature checks). */
    public Optional<Partner> partner(String nameOrIdentity) {
        return store.partner(nameOrIdentity);
    }

    /**
     * Decides whether the object may go to the partner. Deny and review are
     * written to the ledger now; a review is queued.
     */
    public Outcome prepare(String partner, String collectionId, StixObject object) {
        Optional<Partner> p = partnerOf(partner);
        if (p.isEmpty()) {
            return unknownPartner(partner, object, false);
        }
        learn(object);
        return conclude(p.get(), collectionId, object, evaluate(p.get(), collectionId, object, true));
    }

    /** Like {@link #prepare} for a JSON object. */
    public Outcome prepare(String partner, String collectionId, JsonObject object) {
        return prepare(partner, collectionId, StixObject.of(object));
    }

    /**
     * Decides without side effects: nothing queued, nothing written. For
     * {@code datong policy explain}.
     */
    public Decision explain(String partner, String collectionId, StixObject object) {
        Partner p = store.partner(partner).orElseThrow(() -> new IllegalArgumentException("no partner " + partner));
        return evaluate(p, collectionId, object, true);
    }

    /**
     * Decides for several objects without side effects, as if they were sent
     * together: marking-definitions and individuals among them are known to
     * the others, and references to personal SCOs among them follow their
     * pseudonymised ids. Decisions are in the objects' order.
     */
    public List<Decision> explain(String partner, String collectionId, List<StixObject> objects) {
        Partner p = store.partner(partner).orElseThrow(() -> new IllegalArgumentException("no partner " + partner));
        List<JsonObject> defs = new java.util.ArrayList<>();
        java.util.Set<String> individuals = new java.util.HashSet<>();
        for (StixObject o : objects) {
            if ("marking-definition".equals(o.type())) {
                defs.add(o.json());
            } else if ("identity".equals(o.type()) && "individual".equals(o.getString("identity_class"))) {
                individuals.add(o.id());
            }
        }
        Policy local = policy.withMarkings(policy.markings().withAll(defs));
        List<Agreement> agreements = store.agreements(p.name());
        String collGrade = collectionId == null ? null : store.collectionGrade(collectionId).orElse(null);
        Map<String, String> pseudonyms = new java.util.HashMap<>();
        Decision[] out = new Decision[objects.size()];
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < objects.size(); i++) {
                StixObject o = objects.get(i);
                boolean personalSco = o.type().equals("email-addr") || o.type().equals("user-account")
                        || o.type().startsWith("ipv");
                if (personalSco != (pass == 0)) {
                    continue;
                }
                Policy.Request req = new Policy.Request(o, p, agreements, collectionId, collGrade,
                        store.recordedGrade(o.id()).orElse(null), clock.instant(),
                        id -> individuals.contains(id) || store.isIndividual(id),
                        id -> {
                            String m = pseudonyms.get(id);
                            if (m != null) {
                                return m;
                            }
                            for (Agreement a : agreements) {
                                String stored = store.pseudonymId(a.id(), id);
                                if (stored != null) {
                                    return stored;
                                }
                            }
                            return null;
                        });
                Decision d = local.decide(req);
                if (d instanceof Decision.Allow a) {
                    pseudonyms.putAll(a.newIds());
                } else if (d instanceof Decision.Review r) {
                    pseudonyms.putAll(r.newIds());
                }
                out[i] = d;
            }
        }
        return List.of(out);
    }

    /** Records a successful transfer of an object prepared with {@link #prepare}. */
    public Ledger.Entry recordSent(String partner, StixObject sent) {
        return recordSent(partner, sent, Ledger.contentHash(sent.json()));
    }

    /**
     * Like {@link #recordSent(String, StixObject)} when the caller computed the
     * object's {@link Ledger#contentHash} already (a signer hashes what it signs).
     */
    public Ledger.Entry recordSent(String partner, StixObject sent, String hash) {
        String name = partnerOf(partner).map(Partner::name).orElse(partner);
        Decision.Allow d;
        synchronized (recent) {
            d = recent.get(recentKey(name, sent));
        }
        if (d != null && !d.object().json().equals(sent.json())) {
            d = null; // allowed in another form than what was sent
        }
        String tlp = null;
        String grade = null;
        List<String> rules = List.of();
        if (d != null) {
            tlp = d.facts().tlp() == null ? null : d.facts().tlp().word();
            grade = d.facts().grade();
            rules = d.ruleIds();
        } else {
            var em = policy.markings().effective(sent);
            tlp = em.objectTlp() == null ? null : em.objectTlp().word();
            grade = em.grade(policy.rules().scheme());
        }
        return ledger.append(new Ledger.Draft(Ledger.Kind.SEND, name, sent.id(), version(sent), sent.type(), hash, tlp,
                grade, rules, d == null ? "sent (decision not in memory)" : null));
    }

    /**
     * Decides whether an object the partner sent is admitted into the
     * collection; writes {@code receive} or {@code refuse} to the ledger.
     */
    public Inbound receive(String partner, String collectionId, StixObject object) {
        return receive(partner, collectionId, object, () -> Ledger.contentHash(object.json()));
    }

    private Inbound receive(String partner, String collectionId, StixObject object,
                            java.util.function.Supplier<String> contentHash) {
        Optional<Partner> p = partnerOf(partner);
        if (p.isEmpty()) {
            Outcome o = unknownPartner(partner, object, true);
            return new Refused("unknown-partner", o.decision());
        }
        Decision d = evaluate(p.get(), collectionId, object, false);
        String hash = contentHash.get();
        if (d instanceof Decision.Allow) {
            learn(object);
            if (d.facts().grade() != null) {
                raiseRecordedGrade(object.id(), d.facts().grade());
            }
            ledger.append(draft(Ledger.Kind.RECEIVE, p.get().name(), object, hash, d, null));
            return new Admitted(object, d);
        }
        ledger.append(draft(Ledger.Kind.REFUSE, p.get().name(), object, hash, d, firstLine(d)));
        return new Refused(d.decisiveRuleIds().get(0), d);
    }

    /** Like {@link #receive} for a JSON object. */
    public Inbound receive(String partner, String collectionId, JsonObject object) {
        return receive(partner, collectionId, StixObject.of(object));
    }

    /**
     * Like {@link #receive(String, String, StixObject)} with the content hash
     * to record given by the caller: federation passes the digest the origin
     * signed and it checked (the object without its provenance), which is
     * also the hash in the sender's {@code send} entry.
     */
    public Inbound receive(String partner, String collectionId, StixObject object, String contentHash) {
        return receive(partner, collectionId, object, () -> contentHash);
    }

    /** Records a refusal federation decided itself (bad signature, unknown signer...). */
    public Ledger.Entry recordRefusal(String partner, String objectId, String version, String rule, String reason) {
        String name = partnerOf(partner).map(Partner::name).orElse(partner);
        String type = objectId == null || !objectId.contains("--") ? null : objectId.substring(0, objectId.indexOf("--"));
        return ledger.append(new Ledger.Draft(Ledger.Kind.REFUSE, name, objectId, version, type, null, null, null,
                List.of(rule), reason));
    }

    /**
     * Decides whether an object that came from {@code origin} may be forwarded
     * to {@code destination}: the origin's agreement must allow relay, the
     * object must not be TLP:RED or TLP:AMBER+STRICT (those never go beyond
     * the first recipient), and the outbound decision for the destination
     * must allow it. Deny and review are written to the ledger as in
     * {@link #prepare}.
     */
    public Outcome relay(String origin, String destination, String collectionId, StixObject object) {
        Optional<Partner> from = partnerOf(origin);
        Optional<Partner> to = partnerOf(destination);
        if (to.isEmpty()) {
            return unknownPartner(destination, object, false);
        }
        String problem = null;
        String rule = null;
        if (from.isEmpty()) {
            rule = "relay-unknown-origin";
            problem = "it came from " + origin + ", which is not a partner of this node";
        } else {
            boolean allowed = agreementsOf(from.get().name()).stream()
                    .filter(a -> a.direction().allowsReceive() && a.coversCollection(collectionId)
                            && a.stateAt(clock.instant()) == Agreement.State.ACTIVE)
                    .anyMatch(Agreement::relayAllowed);
            if (!allowed) {
                rule = "relay-not-allowed-by-origin";
                problem = "no active agreement with " + from.get().name() + " (where it came from) allows relaying to third parties";
            } else {
                Tlp tlp = policy.markings().effective(object).objectTlp();
                if (tlp == Tlp.RED || tlp == Tlp.AMBER_STRICT) {
                    rule = "tlp-no-relay";
                    problem = "it is " + tlp.label() + ", which never goes beyond its first recipient";
                }
            }
        }
        if (problem != null) {
            Decision d = new Decision.Deny(List.of(new Decision.Applied(rule, problem, true)),
                    new Decision.Facts(object.id(), object.type(), version(object), null, null, to.get().name(), null, false));
            ledger.append(draft(Ledger.Kind.DENY, to.get().name(), object, Ledger.contentHash(object.json()), d, firstLine(d)));
            return new Deny(d);
        }
        return prepare(destination, collectionId, object);
    }

    /**
     * Runs several decisions as one batch: partners, agreements and collection
     * grades are read once per batch instead of once per object. Run it inside
     * the database transaction that holds the batch, so what is read once is
     * what the whole batch would have read. Nested calls join the outer batch.
     */
    public <T> T batch(java.util.function.Supplier<T> work) {
        if (lookups.get() != null) {
            return work.get();
        }
        lookups.set(new Lookups());
        try {
            return work.get();
        } finally {
            lookups.remove();
        }
    }

    /**
     * Inside {@link #batch}: reads the recorded grades of these objects in a
     * few queries, so that deciding on each of them does not query the store
     * again. Outside a batch it does nothing.
     */
    public void prefetchRecordedGrades(java.util.Collection<String> objectIds) {
        Lookups l = lookups.get();
        if (l == null) {
            return;
        }
        List<String> missing = new java.util.ArrayList<>();
        for (String id : objectIds) {
            if (id != null && !l.recorded.containsKey(id)) {
                missing.add(id);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        Map<String, String> found = store.recordedGrades(missing);
        for (String id : missing) {
            l.recorded.put(id, Optional.ofNullable(found.get(id)));
        }
    }

    /** What one batch has read of the policy's configuration (see {@link #batch}). */
    private static final class Lookups {
        final Map<String, Optional<Partner>> partners = new java.util.HashMap<>();
        final Map<String, List<Agreement>> agreements = new java.util.HashMap<>();
        final Map<String, Optional<String>> grades = new java.util.HashMap<>();
        /** Recorded grades of objects this batch decided on, as they stand in the batch's transaction. */
        final Map<String, Optional<String>> recorded = new java.util.HashMap<>();
    }

    private final ThreadLocal<Lookups> lookups = new ThreadLocal<>();

    private Optional<Partner> partnerOf(String nameOrIdentity) {
        Lookups l = lookups.get();
        if (l == null || nameOrIdentity == null) {
            return store.partner(nameOrIdentity);
        }
        return l.partners.computeIfAbsent(nameOrIdentity, store::partner);
    }

    private List<Agreement> agreementsOf(String partnerName) {
        Lookups l = lookups.get();
        return l == null ? store.agreements(partnerName) : l.agreements.computeIfAbsent(partnerName, store::agreements);
    }

    private Optional<String> collectionGradeOf(String collectionId) {
        Lookups l = lookups.get();
        return l == null ? store.collectionGrade(collectionId) : l.grades.computeIfAbsent(collectionId, store::collectionGrade);
    }

    private Optional<String> recordedGradeOf(String objectId) {
        Lookups l = lookups.get();
        return l == null ? store.recordedGrade(objectId) : l.recorded.computeIfAbsent(objectId, store::recordedGrade);
    }

    private void raiseRecordedGrade(String objectId, String grade) {
        Lookups l = lookups.get();
        Optional<String> known = l == null ? null : l.recorded.get(objectId);
        Optional<String> now = store.raiseRecordedGrade(objectId, grade, policy.rules().scheme(), known);
        if (l != null) {
            l.recorded.put(objectId, now);
        }
    }

    // ---- internals

    private Decision evaluate(Partner p, String collectionId, StixObject object, boolean outbound) {
        List<Agreement> agreements = agreementsOf(p.name());
        String collGrade = collectionId == null ? null : collectionGradeOf(collectionId).orElse(null);
        String recorded = recordedGradeOf(object.id()).orElse(null);
        Policy.Request req = new Policy.Request(object, p, agreements, collectionId, collGrade, recorded, clock.instant(),
                store::isIndividual, null);
        if (!outbound) {
            return policy.admit(req);
        }
        // pseudonymised ids depend on the agreement in force; resolve lazily through the first active agreement
        Policy.Request withIds = new Policy.Request(object, p, agreements, collectionId, collGrade, recorded, clock.instant(),
                store::isIndividual, id -> {
            for (Agreement a : agreements) {
                String mapped = store.pseudonymId(a.id(), id);
                if (mapped != null) {
                    return mapped;
                }
            }
            return null;
        });
        return policy.decide(withIds);
    }

    private Outcome conclude(Partner p, String collectionId, StixObject object, Decision d) {
        return switch (d) {
            case Decision.Allow a -> {
                remember(p, a);
                yield new Allow(a.object(), a);
            }
            case Decision.Review r -> {
                String sentHash = Ledger.contentHash(r.object().json());
                Optional<org.datong.policy.store.Review> existing = store.findReview(p.name(), object.id(), sentHash);
                if (existing.isPresent() && existing.get().state() == org.datong.policy.store.Review.State.APPROVED) {
                    List<Decision.Applied> rules = new java.util.ArrayList<>(r.rules().stream()
                            .map(x -> new Decision.Applied(x.rule(), x.words(), false)).toList());
                    rules.add(new Decision.Applied("review-approved", "review " + existing.get().id() + " was approved by "
                            + existing.get().decidedBy() + " at " + existing.get().decidedAt(), false));
                    Decision.Allow a = new Decision.Allow(r.object(), rules, r.facts(), r.newIds());
                    remember(p, a);
                    yield new Allow(a.object(), a);
                }
                if (existing.isPresent() && existing.get().state() == org.datong.policy.store.Review.State.REJECTED) {
                    List<Decision.Applied> rules = new java.util.ArrayList<>(r.rules());
                    rules.add(new Decision.Applied("review-rejected", "review " + existing.get().id() + " was rejected by "
                            + existing.get().decidedBy() + " at " + existing.get().decidedAt(), true));
                    Decision.Deny deny = new Decision.Deny(rules, r.facts());
                    ledger.append(draft(Ledger.Kind.DENY, p.name(), object, Ledger.contentHash(object.json()), deny,
                            firstLine(deny)));
                    yield new Deny(deny);
                }
                PolicyStore.Queued q = store.enqueue(p.name(), collectionId, r.object().json(), r.facts().version(),
                        sentHash, r.decisiveRuleIds(), r.explain());
                if (q.created()) {
                    ledger.append(draft(Ledger.Kind.REVIEW, p.name(), object, Ledger.contentHash(object.json()), r,
                            "queued as review " + q.review().id()));
                }
                yield new Review(q.review().id(), q.created(), r);
            }
            case Decision.Deny deny -> {
                ledger.append(draft(Ledger.Kind.DENY, p.name(), object, Ledger.contentHash(object.json()), deny, firstLine(deny)));
                yield new Deny(deny);
            }
        };
    }

    private void remember(Partner p, Decision.Allow a) {
        if (a.facts().grade() != null) {
            raiseRecordedGrade(a.object().id(), a.facts().grade());
        }
        if (a.facts().agreement() != null && !a.newIds().isEmpty()) {
            store.putPseudonymIds(a.facts().agreement(), a.newIds());
        }
        synchronized (recent) {
            recent.put(recentKey(p.name(), a.object()), a);
        }
    }

    private static String recentKey(String partner, StixObject o) {
        return partner + " " + o.id() + " " + version(o);
    }

    /** Remembers what content teaches the policy: marking-definitions and individuals. */
    private void learn(StixObject object) {
        if ("marking-definition".equals(object.type()) && !policy.markings().knows(object.id())) {
            store.addMarkingDefinition(object.json());
            synchronized (this) {
                policy = policy.withMarkings(policy.markings().with(object.json()));
            }
        } else if ("identity".equals(object.type()) && "individual".equals(object.getString("identity_class"))) {
            store.addIndividual(object.id());
        }
    }

    private Outcome unknownPartner(String partner, StixObject object, boolean inbound) {
        Decision d = new Decision.Deny(List.of(new Decision.Applied("unknown-partner",
                partner + " is not a partner of this node", true)),
                new Decision.Facts(object.id(), object.type(), version(object), null, null, partner, null, inbound));
        ledger.append(draft(inbound ? Ledger.Kind.REFUSE : Ledger.Kind.DENY, partner, object,
                Ledger.contentHash(object.json()), d, firstLine(d)));
        return new Deny(d);
    }

    private static Ledger.Draft draft(Ledger.Kind kind, String partner, StixObject object, String hash, Decision d, String detail) {
        return new Ledger.Draft(kind, partner, object.id(), version(object), object.type(), hash,
                d.facts().tlp() == null ? null : d.facts().tlp().word(), d.facts().grade(),
                kind == Ledger.Kind.RECEIVE ? d.ruleIds() : d.decisiveRuleIds(), detail);
    }

    private static String firstLine(Decision d) {
        for (Decision.Applied a : d.rules()) {
            if (a.decisive()) {
                return a.words();
            }
        }
        return d.rules().isEmpty() ? null : d.rules().get(0).words();
    }

    private static String version(StixObject o) {
        String m = o.getString("modified");
        return m != null ? m : o.getString("created");
    }
}
