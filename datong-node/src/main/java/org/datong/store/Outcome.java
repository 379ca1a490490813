package org.datong.store;

import java.time.Instant;

/**
 * What happened to one input of {@link ObjectStore#add}.
 *
 * @param index     position of the input in the batch
 * @param id        the object's id, or null when it had none
 * @param version   the object's version text ({@code modified}, else {@code created}; for a refused
 *                  input whatever it claims, valid or not), or null when it has neither
 * @param status    stored, duplicate or refused
 * @param reason    why it was refused (null otherwise)
 * @param dateAdded when the collection got the copy it holds now: this batch's date_added for a stored
 *                  input, the held copy's for a duplicate without a version; null for a refused input
 *                  and for a duplicate with a version (the version identifies it)
 */
public record Outcome(int index, String id, String version, Status status, String reason, Instant dateAdded) {
    /** The three ways an input can end. */
    public enum Status {
        /** Newly stored. */
        STORED,
        /** This version was already in the collection; nothing changed. */
        DUPLICATE,
        /** Not stored, see the reason. */
        REFUSED
    }

    /** True for stored and duplicate: the collection holds this version now. */
    public boolean accepted() {
        return status != Status.REFUSED;
    }
}
