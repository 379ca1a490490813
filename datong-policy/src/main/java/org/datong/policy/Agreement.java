package org.datong.policy;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What this node agreed with one partner.
 *
 * @param id              agreement id (unique on this node)
 * @param partner         the partner's short name
 * @param direction       which way objects may cross
 * @param collections     collection ids covered; {@code *} covers all
 * @param objectTypes     STIX types covered; {@code *} covers all
 * @param maxTlp          the most restrictive TLP level allowed to cross
 * @param maxGrade        the highest classification grade allowed to cross
 * @param personalData    how personal information is treated on the way out
 * @param relayAllowed    whether objects received under this agreement may be forwarded to third parties
 * @param reviewGrades    grades that need a human review before they leave
 * @param validFrom       start of validity (inclusive), or null for no start
 * @param validUntil      end of validity (exclusive), or null for no end
 * @param state           the agreed state
 * @param pseudonymKey    the secret HMAC key for pseudonyms under this agreement (base64url; stable for its life)
 */
public record Agreement(String id, String partner, Direction direction, Set<String> collections, Set<String> objectTypes,
                        Tlp maxTlp, String maxGrade, PersonalData.Treatment personalData, boolean relayAllowed,
                        Set<String> reviewGrades, Instant validFrom, Instant validUntil, State state, String pseudonymKey) {
    /** Matches every collection or every type. */
    public static final String ALL = "*";
    /** 16 bytes in base64url: the least key length accepted for HMAC pseudonyms. */
    private static final int MIN_KEY_CHARS = 22;

    /** Which way objects cross under an agreement. */
    public enum Direction {
        /** This node sends to the partner. */
        SEND,
        /** This node receives from the partner. */
        RECEIVE,
        BOTH;

        public boolean allowsSend() {
            return this != RECEIVE;
        }

        public boolean allowsReceive() {
            return this != SEND;
        }

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Lifecycle of an agreement. Only active agreements inside their validity period let objects cross. */
    public enum State {
        PROPOSED, ACTIVE, SUSPENDED, EXPIRED;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Agreement {
        collections = Set.copyOf(collections);
        objectTypes = Set.copyOf(objectTypes);
        reviewGrades = Set.copyOf(reviewGrades);
        if (collections.isEmpty() || objectTypes.isEmpty()) {
            throw new IllegalArgumentException("an agreement covers at least one collection and one object type (use * for all)");
        }
        if (pseudonymKey == null || pseudonymKey.length() < MIN_KEY_CHARS) {
            throw new IllegalArgumentException("an agreement needs a secret pseudonym key of at least 16 bytes (base64url)");
        }
        if (validFrom != null && validUntil != null && !validUntil.isAfter(validFrom)) {
            throw new IllegalArgumentException("agreement validity ends (" + validUntil + ") before it starts (" + validFrom + ")");
        }
    }

    public boolean coversCollection(String collectionId) {
        return collections.contains(ALL) || collections.contains(collectionId);
    }

    public boolean coversType(String type) {
        return objectTypes.contains(ALL) || objectTypes.contains(type);
    }

    /** The state in force at an instant: an active agreement outside its validity period counts as expired (or not yet started: proposed). */
    public State stateAt(Instant now) {
        if (state != State.ACTIVE) {
            return state;
        }
        if (validUntil != null && !now.isBefore(validUntil)) {
            return State.EXPIRED;
        }
        if (validFrom != null && now.isBefore(validFrom)) {
            return State.PROPOSED;
        }
        return State.ACTIVE;
    }

    /** A copy in another state. */
    public Agreement withState(State newState) {
        return new Agreement(id, partner, direction, collections, objectTypes, maxTlp, maxGrade, personalData,
                relayAllowed, reviewGrades, validFrom, validUntil, newState, pseudonymKey);
    }

    /** Sorted list form of a set, for stable output. */
    static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }
}
