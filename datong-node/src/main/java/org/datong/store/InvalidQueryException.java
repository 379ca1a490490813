package org.datong.store;

/** A query parameter is malformed (a cursor this store did not make, a bad timestamp...). */
public final class InvalidQueryException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidQueryException(String message) {
        super(message);
    }
}
