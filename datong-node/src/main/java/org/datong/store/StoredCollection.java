package org.datong.store;

import java.util.List;
import java.util.Objects;

/**
 * A collection and who may use it.
 *
 * @param id            the collection id (TAXII requires a UUID-like identifier; any non-blank
 *                      text of letters, digits, '-', '_' and '.' is accepted)
 * @param title         human-readable title
 * @param description   optional description, may be null
 * @param alias         optional alias, may be null
 * @param readers       principals that may read: user names, or {@code group:NAME}
 * @param writers       principals that may write (writers do not imply readers)
 * @param anonymousRead true when anyone, without credentials, may read
 */
public record StoredCollection(String id, String title, String description, String alias,
                               List<String> readers, List<String> writers, boolean anonymousRead) {
    /** Prefix that marks a group in {@link #readers} and {@link #writers}. */
    public static final String GROUP_PREFIX = "group:";

    public StoredCollection {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        readers = List.copyOf(readers == null ? List.of() : readers);
        writers = List.copyOf(writers == null ? List.of() : writers);
    }

    /** A collection nobody has rights to yet. */
    public static StoredCollection of(String id, String title) {
        return new StoredCollection(id, title, null, null, List.of(), List.of(), false);
    }

    public StoredCollection withReaders(List<String> principals) {
        return new StoredCollection(id, title, description, alias, principals, writers, anonymousRead);
    }

    public StoredCollection withWriters(List<String> principals) {
        return new StoredCollection(id, title, description, alias, readers, principals, anonymousRead);
    }

    public StoredCollection withAnonymousRead(boolean anonymous) {
        return new StoredCollection(id, title, description, alias, readers, writers, anonymous);
    }

    public StoredCollection withDescription(String text) {
        return new StoredCollection(id, title, text, alias, readers, writers, anonymousRead);
    }
}
