package org.datong.store;

/**
 * What happened to one input of {@link ObjectStore#add}.
 *
 * @param index   position of the input in the batch
 * @param id      the object's id, or null when it had none
 * @param version the object's version text, or null
 * @param status  stored, duplicate or refused
 * @param reason  why it was refused (null otherwise)
 */
public record Outcome(int index, String id, String version, Status status, String reason) {
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
