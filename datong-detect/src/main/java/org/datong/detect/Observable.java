package org.datong.detect;

import java.util.Objects;

/**
 * One value seen in telemetry or named by an indicator, in canonical form
 * (see {@link #of(Kind, String)}): the unit the index matches on.
 *
 * @param kind     what the value is
 * @param value    the canonical value: dotted IPv4, compressed lower-case IPv6,
 *                 lower-case A-label domain, normalised URL, lower-case hex hash,
 *                 email with lower-case domain, or the raw value for {@link Kind#OTHER}
 * @param property for {@link Kind#OTHER} the STIX object path it belongs to,
 *                 e.g. {@code mutex:name}; null for the other kinds
 */
public record Observable(Kind kind, String value, String property) {
    /** The kinds of observable the index knows. Hash kinds are told apart by length. */
    public enum Kind {
        IPV4("ipv4-addr"), IPV6("ipv6-addr"), DOMAIN("domain-name"), URL("url"),
        MD5("file"), SHA1("file"), SHA256("file"), SHA512("file"), EMAIL("email-addr"), OTHER(null);

        private final String stixType;

        Kind(String stixType) {
            this.stixType = stixType;
        }

        /** The STIX cyber-observable type this kind is carried in (null for OTHER: taken from the property). */
        public String stixType() {
            return stixType;
        }

        /** True for the four file-hash kinds. */
        public boolean isHash() {
            return this == MD5 || this == SHA1 || this == SHA256 || this == SHA512;
        }
    }

    public Observable {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
        if ((kind == Kind.OTHER) != (property != null)) {
            throw new IllegalArgumentException("a property path is given exactly for OTHER observables");
        }
    }

    /**
     * Parses and canonicalises a value of a known kind.
     *
     * @throws IllegalArgumentException naming the kind and why, when the value is not one
     */
    public static Observable of(Kind kind, String raw) {
        if (kind == Kind.OTHER) {
            throw new IllegalArgumentException("OTHER observables need a property: use other(property, value)");
        }
        String canonical = Values.canonical(kind, raw);
        if (canonical == null) {
            throw new IllegalArgumentException("not a valid " + kind.name().toLowerCase(java.util.Locale.ROOT) + ": '" + raw + "'");
        }
        return new Observable(kind, canonical, null);
    }

    /** An observable of a STIX property the index has no special handling for, matched exactly. */
    public static Observable other(String property, String value) {
        return new Observable(Kind.OTHER, value, property);
    }

    /**
     * Classifies a bare value (IP, domain, URL, hash, email) as found in a list
     * or a log field, refanging {@code hxxp} and {@code [.]}; null when it is none of them.
     */
    public static Observable guess(String raw) {
        return Values.guess(raw);
    }

    @Override
    public String toString() {
        return kind == Kind.OTHER ? property + "=" + value : kind + ":" + value;
    }
}
