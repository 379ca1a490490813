package org.datong.store;

/** The named collection does not exist. */
public final class NoSuchCollectionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NoSuchCollectionException(String collectionId) {
        super("no collection '" + collectionId + "'");
    }
}
