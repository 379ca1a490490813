package org.datong.auth;

import org.datong.store.StoredCollection;

import java.util.Set;

/**
 * Who is making a request: an authenticated user with its groups, or the
 * anonymous caller ({@link #ANONYMOUS}) when no credentials were given.
 *
 * <p>Rights on a collection: a user may read (write) when its name or one of
 * its groups ({@code group:NAME}) is among the collection's readers
 * (writers); anyone, signed in or not, may read a collection marked for
 * anonymous reading.
 *
 * @param name   the user name; empty for the anonymous caller
 * @param groups the user's groups
 */
public record Principal(String name, Set<String> groups) {
    /** The caller without credentials. */
    public static final Principal ANONYMOUS = new Principal("", Set.of());

    public Principal {
        groups = Set.copyOf(groups);
    }

    public boolean anonymous() {
        return name.isEmpty();
    }

    public boolean canRead(StoredCollection c) {
        return c.anonymousRead() || (!anonymous() && named(c.readers()));
    }

    public boolean canWrite(StoredCollection c) {
        return !anonymous() && named(c.writers());
    }

    private boolean named(java.util.List<String> principals) {
        for (String p : principals) {
            if (p.startsWith(StoredCollection.GROUP_PREFIX)
                    ? groups.contains(p.substring(StoredCollection.GROUP_PREFIX.length()))
                    : p.equals(name)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return anonymous() ? "(anonymous)" : name;
    }
}
