package org.datong.federation;

import org.datong.stix.json.JsonObject;

import java.util.Collection;
import java.util.List;

/**
 * What the sync engine asks the node's sharing policy, in the engine's terms.
 * The node implements it over the policy module's sharing gate; every
 * decision is written to the ledger by the implementation.
 */
public interface SharingPolicy {

    /** The outbound decision for one object and one partner. */
    sealed interface Outbound permits Allow, Review, Deny {
    }

    /**
     * The object may go, as given (possibly transformed: redacted, pseudonymised, re-marked).
     *
     * @param object   what to send
     * @param redacted true when the policy changed the object on the way out
     * @param reason   the explanation, for people
     */
    record Allow(JsonObject object, boolean redacted, String reason) implements Outbound {
    }

    /** A person must review the object before it may go to this partner. */
    record Review(String reason) implements Outbound {
    }

    /** The object must not go to this partner. */
    record Deny(String reason) implements Outbound {
    }

    /** The inbound decision for one object from one partner. */
    sealed interface Inbound permits Admit, Refuse {
    }

    record Admit() implements Inbound {
    }

    record Refuse(String reason) implements Inbound {
    }

    /** A partner as the engine needs it: a name, an identity and a key to check signatures with. */
    record PartnerKey(String name, String identityId, String publicKey) {
    }

    /** Decides whether (and in what form) an object from a local collection may go to a partner. */
    Outbound prepare(String partner, String collection, JsonObject object);

    /**
     * Like {@link #prepare} for an object that originated elsewhere: it may go
     * on to {@code partner} only when the origin's agreement with this node
     * allows relay and this node's policy allows it for the partner.
     *
     * @param origin the partner name of the origin, or its identity id when it is not a partner here
     */
    Outbound relay(String origin, String partner, String collection, JsonObject object);

    /** Records that the partner accepted the object. */
    void recordSent(String partner, JsonObject object);

    /**
     * Like {@link #recordSent(String, JsonObject)} with the object's content
     * hash (hex SHA-256 of its RFC 8785 canonical form) computed already.
     */
    default void recordSent(String partner, JsonObject object, String contentHash) {
        recordSent(partner, object);
    }

    /** Decides whether an object received from a partner may be stored here. */
    Inbound receive(String partner, String collection, JsonObject object);

    /**
     * Like {@link #receive(String, String, JsonObject)} with the content hash
     * the ledger records (hex SHA-256 of the canonical form of the object
     * without its provenance: the digest its signature covers, checked already).
     */
    default Inbound receive(String partner, String collection, JsonObject object, String contentHash) {
        return receive(partner, collection, object);
    }

    /**
     * Called inside {@link #batch} before deciding on these objects, so an
     * implementation can read what it needs for all of them at once. The
     * default does nothing.
     */
    default void prefetch(Collection<String> objectIds) {
    }

    /** Records an object refused before policy was asked (bad or missing signature). */
    void recordRefusal(String partner, String collection, JsonObject object, String rule, String reason);

    /** The partners known to the policy, with their keys. */
    List<PartnerKey> partners();

    /**
     * Runs a batch of decisions and records as one unit, so a batch of objects
     * costs one commit rather than one per object. The default runs it as is.
     */
    default <T> T batch(java.util.function.Supplier<T> work) {
        return work.get();
    }

    /** An object a person approved for a partner after the policy held it for review. */
    record Approved(String collection, String objectId, String objectVersion, java.time.Instant decidedAt) {
    }

    /**
     * Objects approved for the partner after a review decided strictly after
     * {@code after} (null: all), oldest decision first. The engine delivers them
     * and remembers the last decision time it handled.
     */
    default List<Approved> approvedSince(String partner, java.time.Instant after) {
        return List.of();
    }
}
