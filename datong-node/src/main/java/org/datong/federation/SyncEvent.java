package org.datong.federation;

import java.time.Instant;
import java.util.Locale;

/**
 * Something the sync engine did with one object, for people watching a node
 * (the demo prints these as they happen).
 *
 * @param at       when
 * @param kind     what happened
 * @param peer     the peer (partner name) involved
 * @param objectId the object's id
 * @param type     the object's STIX type
 * @param detail   why, in words (policy reason, refusal rule, ...)
 */
public record SyncEvent(Instant at, Kind kind, String peer, String objectId, String type, String detail) {
    /** The kinds of events. */
    public enum Kind {
        /** Admitted from a peer and stored here. */
        RECEIVED,
        /** Accepted by a peer. */
        SENT,
        /** Sent in a transformed (redacted) form. */
        REDACTED,
        /** The policy kept it from a peer. */
        DENIED,
        /** Waiting for a person's review before it may go to a peer. */
        HELD_FOR_REVIEW,
        /** Refused on receipt: bad signature, unknown signer, or inbound policy. */
        REFUSED;

        public String word() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    @Override
    public String toString() {
        return kind.word() + " " + type + " " + objectId + (kind == Kind.RECEIVED || kind == Kind.REFUSED ? " from " : " to ")
                + peer + (detail == null || detail.isEmpty() ? "" : ": " + detail);
    }
}
