package org.datong.taxii;

/**
 * A TAXII request failed: the server answered an error (its HTTP status and
 * the TAXII error message's title), or could not be reached (status 0).
 */
public final class TaxiiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final String title;

    public TaxiiException(int httpStatus, String title, String description) {
        this(httpStatus, title, description, null);
    }

    public TaxiiException(int httpStatus, String title, String description, Throwable cause) {
        super((httpStatus > 0 ? httpStatus + " " : "") + title + (description == null ? "" : ": " + description), cause);
        this.httpStatus = httpStatus;
        this.title = title;
    }

    /** The HTTP status, or 0 when there was no answer. */
    public int httpStatus() {
        return httpStatus;
    }

    public String title() {
        return title;
    }
}
