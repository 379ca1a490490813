package org.datong.cli;

/** A problem with how a command was called, or an input that cannot be opened: exit code 2, one line. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
