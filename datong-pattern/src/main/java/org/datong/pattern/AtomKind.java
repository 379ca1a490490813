package org.datong.pattern;

/** How an {@link Atom} matches a value. */
public enum AtomKind {
    /** The property equals the atom's value exactly. */
    EQUALS,
    /** The property is an address inside the atom's CIDR block (from ISSUBSET). */
    IN_CIDR
}
