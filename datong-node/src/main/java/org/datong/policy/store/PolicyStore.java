package org.datong.policy.store;

import org.datong.ledger.Ledger;
import org.datong.policy.Agreement;
import org.datong.policy.GradeScheme;
import org.datong.policy.Partner;
import org.datong.policy.PersonalData;
import org.datong.policy.Tlp;
import org.datong.stix.StixId;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonValue;
import org.datong.store.Database;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Persistence of the sharing policy's state: partners, agreements, default
 * grades per collection, the highest grade recorded per object, known
 * individuals, pseudonymised ids, learned marking-definitions and the review
 * queue. Every change an operator makes (partner added, agreement created or
 * changed state, collection grade set, review decided) is also recorded in
 * the {@link Ledger} as a policy or review entry, after it is committed.
 */
public final class PolicyStore {
    /** Random bytes in a new agreement's pseudonym key. */
    private static final int PSEUDONYM_KEY_BYTES = 32;

    private final Sql sql;
    private final Clock clock;
    private final Ledger ledger;
    private final Supplier<byte[]> keySource;

    public PolicyStore(Database db, Clock clock, Ledger ledger) {
        this(db, clock, ledger, () -> {
            byte[] k = new byte[PSEUDONYM_KEY_BYTES];
            new SecureRandom().nextBytes(k);
            return k;
        });
    }

    /** With an explicit source of pseudonym keys (tests use a fixed one). */
    public PolicyStore(Database db, Clock clock, Ledger ledger, Supplier<byte[]> keySource) {
        this.sql = new Sql(db);
        this.clock = clock;
        this.ledger = ledger;
        this.keySource = keySource;
    }

    public Ledger ledger() {
        return ledger;
    }

    // ---- partners

    /**
     * Adds a partner.
     *
     * @throws IllegalArgumentException when the name or identity is already used
     */
    public Partner addPartner(Partner p) {
        if (partner(p.name()).isPresent()) {
            throw new IllegalArgumentException("partner " + p.name() + " already exists");
        }
        if (partner(p.identityId()).isPresent()) {
            throw new IllegalArgumentException("identity " + p.identityId() + " already belongs to partner "
                    + partner(p.identityId()).get().name());
        }
        sql.update("INSERT INTO policy_partner (name, identity_id, jurisdiction, sector, public_key, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)", p.name(), p.identityId(), p.jurisdiction(), p.sector(),
                p.publicKey(), clock.instant().toString());
        ledger.append(Ledger.Draft.policy(p.name(), "partner added: identity " + p.identityId() + ", jurisdiction "
                + p.jurisdiction() + (p.sector() == null ? "" : ", sector " + p.sector())
                + (p.publicKey() == null ? ", no public key" : ", public key " + p.publicKey())));
        return p;
    }

    /** Sets or replaces a partner's public key. */
    public Partner setPartnerKey(String nameOrIdentity, String publicKey) {
        Partner p = partner(nameOrIdentity).orElseThrow(() -> new IllegalArgumentException("no partner " + nameOrIdentity));
        Partner changed = new Partner(p.identityId(), p.name(), p.jurisdiction(), p.sector(), publicKey);
        sql.update("UPDATE policy_partner SET public_key = ? WHERE name = ?", changed.publicKey(), p.name());
        ledger.append(Ledger.Draft.policy(p.name(), "partner public key set to " + publicKey));
        return changed;
    }

    /** A partner by short name or STIX identity id. */
    public Optional<Partner> partner(String nameOrIdentity) {
        if (nameOrIdentity == null) {
            return Optional.empty();
        }
        String col = nameOrIdentity.startsWith("identity--") ? "identity_id" : "name";
        return sql.one("SELECT * FROM policy_partner WHERE " + col + " = ?", PolicyStore::partnerRow, nameOrIdentity);
    }

    public List<Partner> partners() {
        return sql.query("SELECT * FROM policy_partner ORDER BY name", PolicyStore::partnerRow);
    }

    private static Partner partnerRow(ResultSet rs) throws SQLException {
        return new Partner(rs.getString("identity_id"), rs.getString("name"), rs.getString("jurisdiction"),
                rs.getString("sector"), rs.getString("public_key"));
    }

    // ---- agreements

    /**
     * What an operator gives to create an agreement; the id and pseudonym key are made by the store.
     */
    public record AgreementTerms(String partner, Agreement.Direction direction, Set<String> collections,
                                 Set<String> objectTypes, Tlp maxTlp, String maxGrade,
                                 PersonalData.Treatment personalData, boolean relayAllowed, Set<String> reviewGrades,
                                 Instant validFrom, Instant validUntil, Agreement.State state) {
    }

    /** Creates an agreement with a fresh id ({@code agr-N}) and a fresh secret pseudonym key. */
    public Agreement createAgreement(AgreementTerms t) {
        Partner p = partner(t.partner()).orElseThrow(() -> new IllegalArgumentException("no partner " + t.partner()
                + "; add it first with 'datong partner add'"));
        String key = Base64.getUrlEncoder().withoutPadding().encodeToString(keySource.get());
        Agreement a;
        synchronized (sqlLock()) {
            long n = sql.one("SELECT COUNT(*) FROM policy_agreement", rs -> rs.getLong(1)).orElse(0L) + 1;
            String id = "agr-" + n;
            while (agreement(id).isPresent()) {
                id = "agr-" + (++n);
            }
            a = new Agreement(id, p.name(), t.direction(), t.collections(), t.objectTypes(), t.maxTlp(),
                    t.maxGrade(), t.personalData(),
                    t.relayAllowed(), t.reviewGrades(), t.validFrom(), t.validUntil(), t.state(), key);
            String now = clock.instant().toString();
            sql.update("INSERT INTO policy_agreement (id, partner, direction, collections, object_types, max_tlp,"
                            + " max_grade, personal_data, relay_allowed, review_grades, valid_from, valid_until, state,"
                            + " pseudonym_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    a.id(), a.partner(), a.direction().word(), list(a.collections()), list(a.objectTypes()),
                    a.maxTlp().word(), a.maxGrade(), a.personalData().word(), a.relayAllowed() ? 1 : 0,
                    list(a.reviewGrades()), str(a.validFrom()), str(a.validUntil()), a.state().word(), key, now, now);
        }
        ledger.append(Ledger.Draft.policy(a.partner(), "agreement " + a.id() + " created: " + describe(a)));
        return a;
    }

    /** Changes an agreement's state. */
    public Agreement setAgreementState(String id, Agreement.State state) {
        Agreement a = agreement(id).orElseThrow(() -> new IllegalArgumentException("no agreement " + id));
        sql.update("UPDATE policy_agreement SET state = ?, updated_at = ? WHERE id = ?", state.word(),
                clock.instant().toString(), id);
        ledger.append(Ledger.Draft.policy(a.partner(), "agreement " + id + " state " + a.state().word() + " -> " + state.word()));
        return a.withState(state);
    }

    public Optional<Agreement> agreement(String id) {
        return sql.one("SELECT * FROM policy_agreement WHERE id = ?", PolicyStore::agreementRow, id);
    }

    /** The agreements with one partner (by name), any state, ordered by id. */
    public List<Agreement> agreements(String partnerName) {
        return sql.query("SELECT * FROM policy_agreement WHERE partner = ? ORDER BY id", PolicyStore::agreementRow, partnerName);
    }

    public List<Agreement> agreements() {
        return sql.query("SELECT * FROM policy_agreement ORDER BY partner, id", PolicyStore::agreementRow);
    }

    /** The agreement's terms in one line of plain words. */
    public static String describe(Agreement a) {
        return "with " + a.partner() + ", " + a.direction().word() + ", collections " + String.join(",", sorted(a.collections()))
                + ", types " + String.join(",", sorted(a.objectTypes())) + ", up to " + a.maxTlp().label()
                + " and grade " + a.maxGrade() + ", personal data " + a.personalData().word()
                + (a.relayAllowed() ? ", relay allowed" : ", no relay")
                + (a.reviewGrades().isEmpty() ? "" : ", review for " + String.join(",", sorted(a.reviewGrades())))
                + (a.validFrom() == null ? "" : ", from " + a.validFrom())
                + (a.validUntil() == null ? "" : ", until " + a.validUntil())
                + ", " + a.state().word();
    }

    private static Agreement agreementRow(ResultSet rs) throws SQLException {
        return new Agreement(rs.getString("id"), rs.getString("partner"),
                Agreement.Direction.valueOf(rs.getString("direction").toUpperCase(java.util.Locale.ROOT)),
                set(rs.getString("collections")), set(rs.getString("object_types")), Tlp.parse(rs.getString("max_tlp")),
                rs.getString("max_grade"), PersonalData.Treatment.parse(rs.getString("personal_data")),
                rs.getInt("relay_allowed") != 0, set(rs.getString("review_grades")), instant(rs.getString("valid_from")),
                instant(rs.getString("valid_until")),
                Agreement.State.valueOf(rs.getString("state").toUpperCase(java.util.Locale.ROOT)),
                rs.getString("pseudonym_key"));
    }

    // ---- grades

    /** Sets the default grade of a collection (objects in it without a grade marking get it). */
    public void setCollectionGrade(String collectionId, String grade) {
        synchronized (sqlLock()) {
            sql.update("DELETE FROM policy_collection_grade WHERE collection_id = ?", collectionId);
            sql.update("INSERT INTO policy_collection_grade (collection_id, grade) VALUES (?, ?)", collectionId, grade);
        }
        ledger.append(Ledger.Draft.policy(null, "collection " + collectionId + " default grade set to " + grade));
    }

    public Optional<String> collectionGrade(String collectionId) {
        return sql.one("SELECT grade FROM policy_collection_grade WHERE collection_id = ?", rs -> rs.getString(1), collectionId);
    }

    public Map<String, String> collectionGrades() {
        Map<String, String> out = new java.util.TreeMap<>();
        sql.query("SELECT collection_id, grade FROM policy_collection_grade", rs -> out.put(rs.getString(1), rs.getString(2)));
        return out;
    }

    /** The highest grade recorded for an object id, if any. */
    public Optional<String> recordedGrade(String objectId) {
        return sql.one("SELECT grade FROM policy_object_grade WHERE object_id = ?", rs -> rs.getString(1), objectId);
    }

    /** The recorded grades of these object ids (ids without one are absent), read in a few queries. */
    public Map<String, String> recordedGrades(java.util.Collection<String> objectIds) {
        Map<String, String> out = new java.util.HashMap<>();
        List<String> ids = List.copyOf(new java.util.LinkedHashSet<>(objectIds));
        for (int from = 0; from < ids.size(); from += GRADES_PER_QUERY) {
            List<String> part = ids.subList(from, Math.min(ids.size(), from + GRADES_PER_QUERY));
            String marks = "?,".repeat(part.size() - 1) + "?";
            for (String[] row : sql.query("SELECT object_id, grade FROM policy_object_grade WHERE object_id IN (" + marks + ")",
                    rs -> new String[]{rs.getString(1), rs.getString(2)}, part.toArray())) {
                out.put(row[0], row[1]);
            }
        }
        return out;
    }

    /** Ids per query in {@link #recordedGrades}: well under SQLite's and PostgreSQL's parameter limits. */
    private static final int GRADES_PER_QUERY = 500;

    /** Records a grade for an object id unless a higher one is recorded already. */
    public void raiseRecordedGrade(String objectId, String grade, GradeScheme scheme) {
        raiseRecordedGrade(objectId, grade, scheme, null);
    }

    /**
     * Like {@link #raiseRecordedGrade(String, String, GradeScheme)} when the
     * caller read the recorded grade in the same transaction already.
     *
     * @param known the grade recorded now as the caller read it, or null to read it here
     * @return the grade recorded afterwards
     */
    public Optional<String> raiseRecordedGrade(String objectId, String grade, GradeScheme scheme, Optional<String> known) {
        synchronized (sqlLock()) {
            Optional<String> old = known != null ? known : recordedGrade(objectId);
            if (old.isEmpty()) {
                if (!sql.insertIgnoringDuplicate("INSERT INTO policy_object_grade (object_id, grade) VALUES (?, ?)",
                        objectId, grade)) {
                    return recordedGrade(objectId); // recorded meanwhile by someone else
                }
                return Optional.of(grade);
            } else if (scheme.above(grade, old.get())) {
                sql.update("UPDATE policy_object_grade SET grade = ? WHERE object_id = ?", grade, objectId);
                return Optional.of(grade);
            }
            return old;
        }
    }

    // ---- individuals, pseudonyms, markings, settings

    public boolean isIndividual(String identityId) {
        return sql.one("SELECT 1 FROM policy_individual WHERE identity_id = ?", rs -> 1, identityId).isPresent();
    }

    public void addIndividual(String identityId) {
        sql.insertIgnoringDuplicate("INSERT INTO policy_individual (identity_id) VALUES (?)", identityId);
    }

    /** The id a personal SCO was given under an agreement, or null. */
    public String pseudonymId(String agreementId, String originalId) {
        return sql.one("SELECT pseudonym_id FROM policy_pseudonym WHERE agreement_id = ? AND original_id = ?",
                rs -> rs.getString(1), agreementId, originalId).orElse(null);
    }

    public void putPseudonymIds(String agreementId, Map<String, String> ids) {
        ids.forEach((from, to) -> sql.insertIgnoringDuplicate(
                "INSERT INTO policy_pseudonym (agreement_id, original_id, pseudonym_id) VALUES (?, ?, ?)",
                agreementId, from, to));
    }

    /** Marking-definitions learned from content (beyond the built-in ones). */
    public List<JsonObject> markingDefinitions() {
        return sql.query("SELECT json FROM policy_marking ORDER BY id", rs -> Json.parseObject(rs.getString(1)));
    }

    /** Remembers a marking-definition object; false when one with that id was known already. */
    public boolean addMarkingDefinition(JsonObject def) {
        return sql.insertIgnoringDuplicate("INSERT INTO policy_marking (id, json) VALUES (?, ?)", def.getString("id"), Json.write(def));
    }

    public Optional<String> setting(String name) {
        return sql.one("SELECT value FROM policy_setting WHERE name = ?", rs -> rs.getString(1), name);
    }

    public void putSetting(String name, String value) {
        synchronized (sqlLock()) {
            sql.update("DELETE FROM policy_setting WHERE name = ?", name);
            sql.update("INSERT INTO policy_setting (name, value) VALUES (?, ?)", name, value);
        }
    }

    // ---- review queue

    /**
     * Queues an object for review, or returns the existing review of the same
     * object content for the same partner.
     *
     * @return the review and whether it was newly queued
     */
    public Queued enqueue(String partner, String collectionId, JsonObject object, String objectVersion,
                          String contentHash, List<String> rules, String explanation) {
        synchronized (sqlLock()) {
            Optional<Review> existing = findReview(partner, object.getString("id"), contentHash);
            if (existing.isPresent()) {
                return new Queued(existing.get(), false);
            }
            long id = sql.one("SELECT COALESCE(MAX(id), 0) FROM policy_review", rs -> rs.getLong(1)).orElse(0L) + 1;
            Instant now = clock.instant();
            sql.update("INSERT INTO policy_review (id, created_at, partner, collection_id, object_id, object_version,"
                            + " object_type, content_hash, object_json, rules, explanation, state)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    id, now.toString(), partner, collectionId, object.getString("id"), objectVersion,
                    object.getString("type"), contentHash, Json.write(object), Json.write(JsonArray.ofStrings(rules)),
                    explanation, Review.State.PENDING.word());
            return new Queued(review(id).orElseThrow(), true);
        }
    }

    /** A review and whether {@link #enqueue} created it. */
    public record Queued(Review review, boolean created) {
    }

    public Optional<Review> review(long id) {
        return sql.one("SELECT * FROM policy_review WHERE id = ?", PolicyStore::reviewRow, id);
    }

    public Optional<Review> findReview(String partner, String objectId, String contentHash) {
        return sql.one("SELECT * FROM policy_review WHERE partner = ? AND object_id = ? AND content_hash = ?",
                PolicyStore::reviewRow, partner, objectId, contentHash);
    }

    /** Reviews, oldest first; state and partner may be null for all. */
    public List<Review> reviews(Review.State state, String partner) {
        StringBuilder q = new StringBuilder("SELECT * FROM policy_review WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (state != null) {
            q.append(" AND state = ?");
            args.add(state.word());
        }
        if (partner != null) {
            q.append(" AND partner = ?");
            args.add(partner);
        }
        q.append(" ORDER BY id");
        return sql.query(q.toString(), PolicyStore::reviewRow, args.toArray());
    }

    /**
     * Approves or rejects a pending review, recording who and when, and writes
     * a review-approve or review-reject ledger entry.
     *
     * @throws IllegalArgumentException when there is no such review
     * @throws IllegalStateException    when it was decided already
     */
    public Review decide(long id, boolean approve, String by, String note) {
        if (by == null || by.isBlank()) {
            throw new IllegalArgumentException("a review decision needs the name of who decided");
        }
        Review r;
        synchronized (sqlLock()) {
            Review current = review(id).orElseThrow(() -> new IllegalArgumentException("no review " + id));
            if (current.state() != Review.State.PENDING) {
                throw new IllegalStateException("review " + id + " was already " + current.state().word() + " by "
                        + current.decidedBy() + " at " + current.decidedAt());
            }
            Review.State st = approve ? Review.State.APPROVED : Review.State.REJECTED;
            sql.update("UPDATE policy_review SET state = ?, decided_by = ?, decided_at = ?, note = ? WHERE id = ? AND state = ?",
                    st.word(), by, clock.instant().toString(), note, id, Review.State.PENDING.word());
            r = review(id).orElseThrow();
        }
        ledger.append(new Ledger.Draft(approve ? Ledger.Kind.REVIEW_APPROVE : Ledger.Kind.REVIEW_REJECT, r.partner(),
                r.objectId(), r.objectVersion(), r.objectType(), r.contentHash(), null, null, r.rules(),
                "review " + id + " " + r.state().word() + " by " + by + (note == null ? "" : ": " + note)));
        return r;
    }

    private static Review reviewRow(ResultSet rs) throws SQLException {
        JsonValue rules = Json.parse(rs.getString("rules"));
        return new Review(rs.getLong("id"), Instant.parse(rs.getString("created_at")), rs.getString("partner"),
                rs.getString("collection_id"), rs.getString("object_id"), rs.getString("object_version"),
                rs.getString("object_type"), rs.getString("content_hash"), Json.parseObject(rs.getString("object_json")),
                rules instanceof JsonArray a ? a.strings() : List.of(), rs.getString("explanation"),
                Review.State.parse(rs.getString("state")), rs.getString("decided_by"), instant(rs.getString("decided_at")),
                rs.getString("note"));
    }

    // ---- helpers

    private Object sqlLock() {
        return this;
    }

    private static String list(Set<String> s) {
        return Json.write(JsonArray.ofStrings(sorted(s)));
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }

    private static Set<String> set(String json) {
        JsonValue v = Json.parse(json);
        return v instanceof JsonArray a ? new LinkedHashSet<>(a.strings()) : Set.of();
    }

    private static String str(Instant i) {
        return i == null ? null : i.toString();
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }

    /** True when the text is a STIX identity id. */
    static boolean isIdentityId(String s) {
        return s != null && "identity".equals(StixId.typeOf(s)) && StixId.problem(s) == null;
    }
}
