package org.datong.detect;

/**
 * Receives the observables a reader extracts, in the cheapest form for the
 * index: addresses as numbers, other values as byte ranges of a buffer that
 * is only valid during the call. Implemented by {@link Matcher}.
 */
interface Observations {
    void ipv4(int addr);

    void ipv6(long hi, long lo);

    /** A domain name: lower-case ASCII, no trailing dot. */
    void domain(byte[] b, int from, int to);

    /** A tagged key: {@link IndicatorIndex#TAG_URL} (canonical UTF-8), TAG_HASH (binary), TAG_EMAIL (canonical UTF-8). */
    void key(byte tag, byte[] b, int from, int to);

    /** A value of a mapped STIX property matched exactly. */
    void other(String property, String value);

    /** False when {@link #other} values would be dropped unseen, so readers need not decode them. */
    default boolean wantsOther() {
        return true;
    }
}
