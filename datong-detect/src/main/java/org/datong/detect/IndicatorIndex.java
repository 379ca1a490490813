package org.datong.detect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * An immutable index from observable values to the indicators (or plain
 * lists) that name them. Built once by a {@link Builder}, then shared by any
 * number of matching threads without locks; a changed indicator set is a new
 * index swapped in by {@link Matcher#swap}.
 *
 * <h2>Design</h2>
 * The index must hold millions of entries in little heap (the target is 120
 * bytes per indicator, against several hundred for a map of strings), so it
 * keeps no object per entry:
 * <ul>
 * <li>IP addresses and CIDR ranges live in one open-addressing table per
 *     prefix length (int keys for IPv4, two longs for IPv6). A lookup probes
 *     the lengths present from longest to shortest and stops at the first hit:
 *     longest-prefix match, like a routing table, in at most 33 (129) probes
 *     and usually a handful. IPv4-mapped IPv6 addresses and ranges are stored
 *     and looked up as IPv4.</li>
 * <li>Every other value (domains, URLs, hashes in binary, emails, other STIX
 *     properties) is a byte string {@code [kind tag][bytes]} appended to one
 *     arena {@code byte[]}; an open-addressing table of arena offsets with a
 *     parallel array of 32-bit hashes finds it. Domains marked "and
 *     subdomains" carry their own tag; a domain lookup tries the exact name,
 *     then that tag on the name and each parent, and stops at the first hit
 *     (the most specific entry wins, as for CIDRs).</li>
 * <li>An entry's payload is one int: a source ordinal when one indicator
 *     names the value (the common case), else {@code -(k+1)} pointing at a
 *     shared {@code int[]} of ordinals. Sources are STIX indicators (UUID as
 *     two longs plus the end of the validity window) or named plain lists,
 *     whose per-value indicator id is derived when a hit happens.</li>
 * </ul>
 * Tables stay at most half full, so probes are short; the arena is trimmed
 * when the builder finishes. Lookups allocate nothing.
 *
 * <p>Nearly every value seen in telemetry is in no table, and a probe of a
 * table of a million entries (8 MB and more) is a cache miss. So each table
 * is fronted by a {@link PresenceFilter} (12 bits per entry, in cache) built
 * when the builder finishes, which answers most absent values alone. An IPv4
 * lookup first checks a bit per /16 that holds any entry (internal addresses
 * usually end there), then whether a range overlaps the address (a bit per
 * /16 for ranges shorter than /20, a filter of /24 blocks for the others),
 * and otherwise consults only the exact table. Filters have false positives,
 * never false negatives, so they change the cost of a lookup, not its answer.
 */
public final class IndicatorIndex {
    /** Payload meaning "no entry". */
    static final int NONE = Integer.MIN_VALUE;

    static final byte TAG_DOMAIN = 1;
    static final byte TAG_SUBDOMAINS = 2;
    static final byte TAG_URL = 3;
    static final byte TAG_HASH = 4;
    static final byte TAG_EMAIL = 5;
    static final byte TAG_OTHER = 6;

    /** Namespace of the deterministic indicator ids given to plain-list entries (UUIDv5). */
    static final UUID LIST_NAMESPACE = UUID.fromString("6f4f6a3e-8a5d-5b0a-9c57-4b1d3a0c6e21");

    private final long[] idHi;
    private final long[] idLo;
    private final long[] validUntilMillis;
    private final int stixCount;
    private final String[] lists;
    private final IntTable[] v4;
    private final int[] v4Lengths;
    /**
     * Where IPv4 ranges lie, so that most lookups go straight to the exact
     * table: one bit per /16 that a range shorter than /{@value #V4_NARROW}
     * overlaps (8 KiB, empty when there is none), and a filter of the /24
     * blocks that the narrower ranges overlap (at most 16 each; null when none).
     */
    private final long[] v4WideRanges;
    private final PresenceFilter v4RangeBlocks;
    /**
     * One bit per IPv4 /16 that any entry (address or range) overlaps (8 KiB,
     * in cache): telemetry is full of internal addresses, and when no entry
     * lies in their /16 the lookup ends here without touching a filter.
     */
    private final long[] v4Any;
    private final V6Table[] v6;
    private final int[] v6Lengths;
    private final ByteTable strings;
    private final boolean hasSubdomains;
    /**
     * One bit per hash of a subdomain entry (16 bits per entry, so about 6% of
     * the names looked up probe the table in vain); climbing a name's parents
     * costs a hash per label and a probe only when the bit is set.
     */
    private final long[] subdomainFilter;
    private final boolean hasOther;
    private final int[][] multi;
    private final int entries;
    private final PatternRules patterns;

    private IndicatorIndex(Builder b) {
        this.stixCount = b.stixCount;
        this.idHi = Arrays.copyOf(b.idHi, b.stixCount);
        this.idLo = Arrays.copyOf(b.idLo, b.stixCount);
        this.validUntilMillis = Arrays.copyOf(b.validUntil, b.stixCount);
        this.lists = b.lists.toArray(String[]::new);
        this.v4 = b.v4;
        this.v6 = b.v6;
        this.v4Lengths = lengths(b.v4);
        this.v4WideRanges = slash16s(b.v4, 0, V4_NARROW);
        this.v4Any = slash16s(b.v4, 0, 33);
        this.v4RangeBlocks = rangeBlocks(b.v4);
        for (IntTable t : b.v4) {
            if (t != null) {
                t.seal();
            }
        }
        this.v6Lengths = lengths(b.v6);
        b.strings.trim();
        this.strings = b.strings;
        this.hasSubdomains = b.subdomainEntries > 0;
        this.subdomainFilter = subdomainFilter(b.strings, b.subdomainEntries);
        this.hasOther = b.otherEntries > 0;
        this.multi = b.multi.toArray(int[][]::new);
        this.entries = b.entries;
        if (b.patterns == null) {
            this.patterns = null;
        } else {
            b.patterns.freeze();
            this.patterns = b.patterns;
        }
    }

    /** The non-reducible patterns, or null when there are none. */
    PatternRules patterns() {
        return patterns;
    }

    /** Number of indicators evaluated by the pattern engine rather than looked up. */
    public int evaluatedPatterns() {
        return patterns == null ? 0 : patterns.rules.size();
    }

    private static long[] subdomainFilter(ByteTable strings, int entries) {
        int bits = Integer.highestOneBit(Math.max(64, entries * 16 - 1)) << 1;
        long[] filter = new long[bits >>> 6];
        int mask = bits - 1;
        strings.forEachHash(TAG_SUBDOMAINS, h -> {
            int bit = h & mask;
            filter[bit >>> 6] |= 1L << bit;
        });
        return filter;
    }

    /** IPv4 ranges at least this long are found through the /24 blocks they overlap (at most 16), shorter ones through their /16s. */
    static final int V4_NARROW = 20;

    /** A bit per /16 that an IPv4 entry of prefix length in {@code [fromLen, toLen)} overlaps; empty when there is none. */
    private static long[] slash16s(IntTable[] tables, int fromLen, int toLen) {
        long[] bits = null;
        for (int len = fromLen; len < toLen; len++) {
            IntTable t = tables[len];
            if (t == null) {
                continue;
            }
            if (bits == null) {
                bits = new long[(1 << 16) >>> 6];
            }
            long[] out = bits;
            int count = len >= 16 ? 1 : 1 << (16 - len);
            t.forEachKey(key -> {
                int first = key >>> 16;
                for (int k = 0; k < count; k++) {
                    int s16 = first + k;
                    out[s16 >>> 6] |= 1L << s16;
                }
            });
        }
        return bits == null ? new long[0] : bits;
    }

    private static PresenceFilter rangeBlocks(IntTable[] tables) {
        int keys = 0;
        for (int len = V4_NARROW; len < 32; len++) {
            keys += tables[len] == null ? 0 : tables[len].size() * (len >= 24 ? 1 : 1 << (24 - len));
        }
        if (keys == 0) {
            return null;
        }
        PresenceFilter filter = new PresenceFilter(keys);
        for (int len = V4_NARROW; len < 32; len++) {
            IntTable t = tables[len];
            if (t == null) {
                continue;
            }
            int count = len >= 24 ? 1 : 1 << (24 - len);
            t.forEachKey(key -> {
                int first = key >>> 8;
                for (int k = 0; k < count; k++) {
                    filter.add(blockHash(first + k));
                }
            });
        }
        return filter;
    }

    private static int blockHash(int block) {
        return mix(block * 0x9E3779B1 + 0x7f4a7c15);
    }

    private static int[] lengths(Object[] tables) {
        int n = 0;
        for (Object t : tables) {
            if (t != null) {
                n++;
            }
        }
        int[] out = new int[n];
        int k = 0;
        for (int len = tables.length - 1; len >= 0; len--) {
            if (tables[len] != null) {
                out[k++] = len;
            }
        }
        return out;
    }

    /** A new, empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** An index with no entries. */
    public static IndicatorIndex empty() {
        return new Builder().build();
    }

    /** Number of distinct (value, kind) entries. */
    public int entries() {
        return entries;
    }

    /** Number of sources: STIX indicators plus plain lists. */
    public int sources() {
        return stixCount + lists.length;
    }

    /** Heap held by the index's arrays, in bytes (object headers included, approximately). */
    public long heapBytes() {
        long bytes = 16L * 4 + 24L * stixCount + 8L * (v4WideRanges.length + v4Any.length) + 8L * subdomainFilter.length
                + (v4RangeBlocks == null ? 0 : v4RangeBlocks.heapBytes());
        for (IntTable t : v4) {
            bytes += t == null ? 0 : t.heapBytes();
        }
        for (V6Table t : v6) {
            bytes += t == null ? 0 : t.heapBytes();
        }
        bytes += strings.heapBytes();
        for (int[] m : multi) {
            bytes += 16 + 4L * m.length;
        }
        return bytes;
    }

    // ---------------------------------------------------------------- lookups

    /**
     * The sources that name an observable, by source ordinal; empty when none.
     * For addresses and domains the most specific entry wins (see the class comment).
     */
    public int[] lookup(Observable o) {
        return refs(payload(o));
    }

    int payload(Observable o) {
        switch (o.kind()) {
            case IPV4, IPV6 -> {
                Values.Cidr c = Values.parseCidr(o.value());
                if (c == null) {
                    return NONE;
                }
                return c.v4() ? lookupV4((int) c.lo()) : lookupV6(c.hi(), c.lo());
            }
            case DOMAIN -> {
                byte[] d = o.value().getBytes(StandardCharsets.US_ASCII);
                return lookupDomain(d, 0, d.length);
            }
            default -> {
                byte[] key = key(o);
                return strings.get(key, 0, key.length);
            }
        }
    }

    /** Longest-prefix lookup of an IPv4 address. */
    int lookupV4(int addr) {
        int s16 = addr >>> 16;
        if (v4Any.length == 0 || (v4Any[s16 >>> 6] & (1L << s16)) == 0) {
            return NONE; // no entry at all in this /16
        }
        boolean inRange = v4WideRanges.length != 0 && (v4WideRanges[s16 >>> 6] & (1L << s16)) != 0
                || v4RangeBlocks != null && v4RangeBlocks.mightContain(blockHash(addr >>> 8));
        if (!inRange) {
            // no range shorter than /32 overlaps this address's /24: only the exact table can hold it
            IntTable exact = v4[32];
            return exact == null ? NONE : exact.get(addr);
        }
        for (int len : v4Lengths) {
            int masked = len == 0 ? 0 : addr & (int) Values.mask4(len);
            int p = v4[len].get(masked);
            if (p != NONE) {
                return p;
            }
        }
        return NONE;
    }

    /** Longest-prefix lookup of an IPv6 address; IPv4-mapped addresses are looked up as IPv4. */
    int lookupV6(long hi, long lo) {
        if (Values.isMapped(hi, lo)) {
            return lookupV4((int) lo);
        }
        for (int len : v6Lengths) {
            long mh = len == 0 ? 0 : len >= 64 ? -1L : -1L << (64 - len);
            long ml = len <= 64 ? 0 : len == 128 ? -1L : -1L << (128 - len);
            int p = v6[len].get(hi & mh, lo & ml);
            if (p != NONE) {
                return p;
            }
        }
        return NONE;
    }

    /** Domain lookup over lower-case ASCII bytes: exact entry, then subdomain entries from the full name up. */
    int lookupDomain(byte[] b, int from, int to) {
        int p = strings.get(TAG_DOMAIN, b, from, to);
        if (p != NONE || !hasSubdomains) {
            return p;
        }
        int start = from;
        int mask = (subdomainFilter.length << 6) - 1;
        while (start < to) {
            int h = ByteTable.hash(TAG_SUBDOMAINS, b, start, to);
            int bit = h & mask;
            if ((subdomainFilter[bit >>> 6] & (1L << bit)) != 0) {
                p = strings.get(TAG_SUBDOMAINS, b, start, to, h);
                if (p != NONE) {
                    return p;
                }
            }
            while (start < to && b[start] != '.') {
                start++;
            }
            start++;
        }
        return NONE;
    }

    /**
     * The entry a hit on {@code o} came from, as text: the address, the CIDR
     * range ({@code 10.0.0.0/8}), {@code *.domain} for a subdomain entry, or
     * the value itself. Null when {@code o} has no entry.
     */
    public String matchedEntry(Observable o) {
        switch (o.kind()) {
            case IPV4, IPV6 -> {
                Values.Cidr c = Values.parseCidr(o.value());
                if (c == null) {
                    return null;
                }
                if (c.v4()) {
                    for (int len : v4Lengths) {
                        int masked = len == 0 ? 0 : (int) c.lo() & (int) Values.mask4(len);
                        if (v4[len].get(masked) != NONE) {
                            String a = Values.formatIPv4(masked);
                            return len == 32 ? a : a + "/" + len;
                        }
                    }
                    return null;
                }
                for (int len : v6Lengths) {
                    long[] m = Values.mask6(len);
                    if (v6[len].get(c.hi() & m[0], c.lo() & m[1]) != NONE) {
                        String a = Values.formatIPv6(c.hi() & m[0], c.lo() & m[1]);
                        return len == 128 ? a : a + "/" + len;
                    }
                }
                return null;
            }
            case DOMAIN -> {
                byte[] b = o.value().getBytes(StandardCharsets.US_ASCII);
                if (strings.get(TAG_DOMAIN, b, 0, b.length) != NONE) {
                    return o.value();
                }
                int start = 0;
                while (hasSubdomains && start < b.length) {
                    if (strings.get(TAG_SUBDOMAINS, b, start, b.length) != NONE) {
                        return "*." + o.value().substring(start);
                    }
                    while (start < b.length && b[start] != '.') {
                        start++;
                    }
                    start++;
                }
                return null;
            }
            default -> {
                return payload(o) == NONE ? null : o.value();
            }
        }
    }

    /** Lookup of a tagged byte key (URL, binary hash, email, other). */
    int lookupKey(byte tag, byte[] b, int from, int to) {
        return strings.get(tag, b, from, to);
    }

    /** True when some entry is an exact value of a STIX property other than the built-in kinds. */
    boolean hasOther() {
        return hasOther;
    }

    boolean hasRanges() {
        return v4Lengths.length > 0 || v6Lengths.length > 0;
    }

    /** The source ordinals of a payload. */
    int[] refs(int payload) {
        if (payload == NONE) {
            return new int[0];
        }
        return payload >= 0 ? new int[]{payload} : multi[-payload - 1].clone();
    }

    int refCount(int payload) {
        return payload == NONE ? 0 : payload >= 0 ? 1 : multi[-payload - 1].length;
    }

    int ref(int payload, int i) {
        return payload >= 0 ? payload : multi[-payload - 1][i];
    }

    /** True when the source is a STIX indicator whose validity window has ended at the given time. */
    boolean expired(int ref, long nowMillis) {
        return ref < stixCount && validUntilMillis[ref] <= nowMillis;
    }

    /** True when the source ordinal is a plain list rather than a STIX indicator. */
    public boolean isList(int ref) {
        return ref >= stixCount;
    }

    /** The name of a plain-list source. */
    public String listName(int ref) {
        return lists[ref - stixCount];
    }

    /**
     * The STIX indicator id a hit through source {@code ref} on an entry (see
     * {@link #matchedEntry}) is a sighting of: the indicator's own id, or for a
     * plain list a deterministic UUIDv5 id of (list name, kind, entry), the same
     * on every node that loads the same list.
     */
    public String indicatorId(int ref, Observable.Kind kind, String entry) {
        if (ref < stixCount) {
            return "indicator--" + new UUID(idHi[ref], idLo[ref]);
        }
        return "indicator--" + uuid5(LIST_NAMESPACE, lists[ref - stixCount] + "\n" + kind + ":" + entry);
    }

    static UUID uuid5(UUID namespace, String name) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] ns = new byte[16];
            for (int k = 0; k < 8; k++) {
                ns[k] = (byte) (namespace.getMostSignificantBits() >>> (56 - 8 * k));
                ns[k + 8] = (byte) (namespace.getLeastSignificantBits() >>> (56 - 8 * k));
            }
            sha1.update(ns);
            byte[] h = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
            h[6] = (byte) ((h[6] & 0x0f) | 0x50);
            h[8] = (byte) ((h[8] & 0x3f) | 0x80);
            long msb = 0;
            long lsb = 0;
            for (int k = 0; k < 8; k++) {
                msb = (msb << 8) | (h[k] & 0xff);
                lsb = (lsb << 8) | (h[k + 8] & 0xff);
            }
            return new UUID(msb, lsb);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java platform", e);
        }
    }

    /** The tagged key of a non-address, non-domain observable. */
    static byte[] key(Observable o) {
        return switch (o.kind()) {
            case URL -> tagged(TAG_URL, o.value().getBytes(StandardCharsets.UTF_8));
            case EMAIL -> tagged(TAG_EMAIL, o.value().getBytes(StandardCharsets.UTF_8));
            case MD5, SHA1, SHA256, SHA512 -> tagged(TAG_HASH, Values.hexBytes(o.value()));
            case OTHER -> tagged(TAG_OTHER, (o.property() + "\0" + o.value()).getBytes(StandardCharsets.UTF_8));
            case DOMAIN -> tagged(TAG_DOMAIN, o.value().getBytes(StandardCharsets.US_ASCII));
            case IPV4, IPV6 -> throw new IllegalArgumentException("addresses are not byte keys");
        };
    }

    private static byte[] tagged(byte tag, byte[] bytes) {
        byte[] k = new byte[bytes.length + 1];
        k[0] = tag;
        System.arraycopy(bytes, 0, k, 1, bytes.length);
        return k;
    }

    // ---------------------------------------------------------------- builder

    /**
     * Collects sources and their values. Not thread-safe; {@link #build()} hands
     * its tables to the index, so a builder builds once.
     */
    public static final class Builder {
        private long[] idHi = new long[16];
        private long[] idLo = new long[16];
        private long[] validUntil = new long[16];
        private int stixCount;
        private final List<String> lists = new ArrayList<>();
        private final IntTable[] v4 = new IntTable[33];
        private final V6Table[] v6 = new V6Table[129];
        private final ByteTable strings = new ByteTable();
        private final List<int[]> multi = new ArrayList<>();
        private int subdomainEntries;
        private int otherEntries;
        private int entries;
        private boolean built;
        private PatternRules patterns;

        private Builder() {
        }

        /**
         * Registers a STIX indicator and returns its source ordinal.
         *
         * @param indicatorId  {@code indicator--<uuid>}
         * @param end          end of the validity window (valid_until), null for none
         */
        public int addIndicator(String indicatorId, Instant end) {
            if (!lists.isEmpty()) {
                throw new IllegalStateException("register STIX indicators before plain lists");
            }
            if (!indicatorId.startsWith("indicator--")) {
                throw new IllegalArgumentException("not an indicator id: " + indicatorId);
            }
            UUID u = UUID.fromString(indicatorId.substring("indicator--".length()));
            if (stixCount == idHi.length) {
                int n = idHi.length * 2;
                idHi = Arrays.copyOf(idHi, n);
                idLo = Arrays.copyOf(idLo, n);
                validUntil = Arrays.copyOf(validUntil, n);
            }
            idHi[stixCount] = u.getMostSignificantBits();
            idLo[stixCount] = u.getLeastSignificantBits();
            validUntil[stixCount] = end == null ? Long.MAX_VALUE : end.toEpochMilli();
            return stixCount++;
        }

        /** Registers a named plain list and returns its source ordinal. */
        public int addList(String name) {
            lists.add(name);
            return stixCount + lists.size() - 1;
        }

        /** Indexes an exact value for a source. Addresses are single-address ranges. */
        public void add(int ref, Observable o) {
            check(ref);
            switch (o.kind()) {
                case IPV4, IPV6 -> addRange(ref, o.value());
                default -> {
                    if (put(ref, key(o)) && o.kind() == Observable.Kind.OTHER) {
                        otherEntries++;
                    }
                }
            }
        }

        /**
         * Indexes an address or CIDR range ({@code 10.0.0.0/8}, {@code 2001:db8::/32},
         * {@code ::ffff:10.0.0.0/104}); host bits are cleared.
         *
         * @throws IllegalArgumentException when the text is not an address or range
         */
        public void addRange(int ref, String cidr) {
            check(ref);
            Values.Cidr c = Values.parseCidr(cidr);
            if (c == null) {
                throw new IllegalArgumentException("not an IP address or CIDR range: '" + cidr + "'");
            }
            int slot;
            if (c.v4()) {
                IntTable t = v4[c.prefix()];
                if (t == null) {
                    t = v4[c.prefix()] = new IntTable();
                }
                int key = (int) c.lo();
                int old = t.get(key);
                int merged = merge(old, ref);
                if (merged != old) {
                    t.put(key, merged);
                }
                slot = old;
            } else {
                V6Table t = v6[c.prefix()];
                if (t == null) {
                    t = v6[c.prefix()] = new V6Table();
                }
                int old = t.get(c.hi(), c.lo());
                int merged = merge(old, ref);
                if (merged != old) {
                    t.put(c.hi(), c.lo(), merged);
                }
                slot = old;
            }
            if (slot == NONE) {
                entries++;
            }
        }

        /** Indexes a domain that matches itself and every name below it. */
        public void addSubdomains(int ref, String domain) {
            check(ref);
            String d = Values.domain(domain);
            if (d == null) {
                throw new IllegalArgumentException("not a domain name: '" + domain + "'");
            }
            if (put(ref, tagged(TAG_SUBDOMAINS, d.getBytes(StandardCharsets.US_ASCII)))) {
                subdomainEntries++;
            }
        }

        private boolean put(int ref, byte[] key) {
            int old = strings.get(key, 0, key.length);
            int merged = merge(old, ref);
            if (merged != old) {
                strings.put(key, merged);
            }
            if (old == NONE) {
                entries++;
                return true;
            }
            return false;
        }

        private int merge(int old, int ref) {
            if (old == NONE) {
                return ref;
            }
            if (old >= 0) {
                if (old == ref) {
                    return old;
                }
                multi.add(new int[]{old, ref});
                return -multi.size();
            }
            int[] refs = multi.get(-old - 1);
            for (int r : refs) {
                if (r == ref) {
                    return old;
                }
            }
            int[] grown = Arrays.copyOf(refs, refs.length + 1);
            grown[refs.length] = ref;
            multi.set(-old - 1, grown);
            return old;
        }

        private void check(int ref) {
            if (built) {
                throw new IllegalStateException("this builder has already built its index");
            }
            if (ref < 0 || ref >= stixCount + lists.size()) {
                throw new IllegalArgumentException("unknown source ordinal " + ref);
            }
        }

        /**
         * Adds a pattern that does not reduce to atoms: it is evaluated by the
         * pattern engine on the events it could concern (see {@link PatternRules}).
         */
        public void addPattern(int ref, org.datong.pattern.Pattern pattern, String text) {
            check(ref);
            if (patterns == null) {
                patterns = new PatternRules();
            }
            patterns.add(ref, pattern, text);
        }

        /** Number of distinct entries so far. */
        public int entries() {
            return entries;
        }

        /** Freezes the collected entries into an index. */
        public IndicatorIndex build() {
            if (built) {
                throw new IllegalStateException("this builder has already built its index");
            }
            built = true;
            return new IndicatorIndex(this);
        }
    }

    // ---------------------------------------------------------------- tables

    static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    /**
     * Open addressing int to int, linear probing, at most half full. Key and
     * value share one long slot so that a probe costs one cache miss.
     */
    static final class IntTable {
        private static final long EMPTY = NONE & 0xffffffffL;
        private long[] slots = emptySlots(16);
        private int size;
        /** Built by {@link #seal()}; until then every lookup probes the table. */
        private PresenceFilter filter;

        private static long[] emptySlots(int n) {
            long[] a = new long[n];
            Arrays.fill(a, EMPTY);
            return a;
        }

        int get(int key) {
            int h = mix(key);
            PresenceFilter f = filter;
            if (f != null && !f.mightContain(h)) {
                return NONE;
            }
            long[] t = slots;
            int mask = t.length - 1;
            int i = h & mask;
            while (true) {
                long slot = t[i];
                int v = (int) slot;
                if (v == NONE) {
                    return NONE;
                }
                if ((int) (slot >>> 32) == key) {
                    return v;
                }
                i = (i + 1) & mask;
            }
        }

        void put(int key, int val) {
            if (filter != null) {
                throw new IllegalStateException("sealed");
            }
            if ((size + 1) * 2 > slots.length) {
                grow();
            }
            int mask = slots.length - 1;
            int i = mix(key) & mask;
            while ((int) slots[i] != NONE && (int) (slots[i] >>> 32) != key) {
                i = (i + 1) & mask;
            }
            if ((int) slots[i] == NONE) {
                size++;
            }
            slots[i] = ((long) key << 32) | (val & 0xffffffffL);
        }

        private void grow() {
            long[] old = slots;
            slots = emptySlots(old.length * 2);
            size = 0;
            for (long slot : old) {
                if ((int) slot != NONE) {
                    put((int) (slot >>> 32), (int) slot);
                }
            }
        }

        /** Ends the building: puts a {@link PresenceFilter} in front of the table. */
        void seal() {
            PresenceFilter f = new PresenceFilter(size);
            for (long slot : slots) {
                if ((int) slot != NONE) {
                    f.add(mix((int) (slot >>> 32)));
                }
            }
            filter = f;
        }

        long heapBytes() {
            return 32 + 8L * slots.length + (filter == null ? 0 : filter.heapBytes());
        }

        int size() {
            return size;
        }

        void forEachKey(java.util.function.IntConsumer action) {
            for (long slot : slots) {
                if ((int) slot != NONE) {
                    action.accept((int) (slot >>> 32));
                }
            }
        }
    }

    /** Open addressing (128-bit key) to int. */
    static final class V6Table {
        private long[] his = new long[16];
        private long[] los = new long[16];
        private int[] vals = filled(16);
        private int size;

        private static int hash(long hi, long lo) {
            long h = hi * 0x9E3779B97F4A7C15L ^ lo;
            return mix((int) (h ^ (h >>> 32)));
        }

        int get(long hi, long lo) {
            int mask = vals.length - 1;
            int i = hash(hi, lo) & mask;
            while (true) {
                int v = vals[i];
                if (v == NONE) {
                    return NONE;
                }
                if (his[i] == hi && los[i] == lo) {
                    return v;
                }
                i = (i + 1) & mask;
            }
        }

        void put(long hi, long lo, int val) {
            if ((size + 1) * 2 > vals.length) {
                grow();
            }
            int mask = vals.length - 1;
            int i = hash(hi, lo) & mask;
            while (vals[i] != NONE && !(his[i] == hi && los[i] == lo)) {
                i = (i + 1) & mask;
            }
            if (vals[i] == NONE) {
                size++;
            }
            his[i] = hi;
            los[i] = lo;
            vals[i] = val;
        }

        private void grow() {
            long[] oh = his;
            long[] ol = los;
            int[] ov = vals;
            his = new long[oh.length * 2];
            los = new long[oh.length * 2];
            vals = filled(oh.length * 2);
            size = 0;
            for (int k = 0; k < ov.length; k++) {
                if (ov[k] != NONE) {
                    put(oh[k], ol[k], ov[k]);
                }
            }
        }

        long heapBytes() {
            return 48 + 20L * vals.length;
        }
    }

    /**
     * Tagged byte strings in one arena: entry = [u8 length][tag][bytes][i32 payload],
     * keys of at most 255 bytes after the tag inline; longer keys use a two-byte
     * length escape ({@code 0xff} then u16).
     */
    static final class ByteTable {
        private byte[] arena = new byte[1 << 12];
        private int used = 1; // offset 0 means "empty slot"
        /** Per slot: the key's hash in the high half, its arena offset (0 = empty) in the low half. */
        private long[] slots = new long[16];
        private int size;
        /** Built by {@link #trim()}; until then every lookup probes the table. */
        private PresenceFilter filter;

        static int hash(byte tag, byte[] b, int from, int to) {
            int h = tag * 0x01000193;
            int k = from;
            for (; k + 3 < to; k += 4) {
                int w = (b[k] & 0xff) | (b[k + 1] & 0xff) << 8 | (b[k + 2] & 0xff) << 16 | (b[k + 3] & 0xff) << 24;
                h = (h ^ w) * 0x9E3779B1;
                h = Integer.rotateLeft(h, 13);
            }
            for (; k < to; k++) {
                h = (h ^ (b[k] & 0xff)) * 0x01000193;
            }
            return mix(h ^ (to - from));
        }

        /** Lookup of a key given as {@code [tag][bytes]}. */
        int get(byte[] key, int from, int to) {
            return get(key[from], key, from + 1, to);
        }

        int get(byte tag, byte[] b, int from, int to) {
            return get(tag, b, from, to, hash(tag, b, from, to));
        }

        /** Lookup with the key's {@link #hash} already computed. */
        int get(byte tag, byte[] b, int from, int to, int h) {
            PresenceFilter f = filter;
            if (f != null && !f.mightContain(h)) {
                return NONE;
            }
            long[] t = slots;
            int mask = t.length - 1;
            int i = h & mask;
            int len = to - from;
            while (true) {
                long slot = t[i];
                int off = (int) slot;
                if (off == 0) {
                    return NONE;
                }
                if ((int) (slot >>> 32) == h && matches(off, tag, b, from, len)) {
                    return payloadAt(off);
                }
                i = (i + 1) & mask;
            }
        }

        private boolean matches(int off, byte tag, byte[] b, int from, int len) {
            int storedLen = arena[off] & 0xff;
            int p = off + 1;
            if (storedLen == 0xff) {
                storedLen = ((arena[p] & 0xff) << 8) | (arena[p + 1] & 0xff);
                p += 2;
            }
            if (storedLen != len || arena[p] != tag) {
                return false;
            }
            return Arrays.equals(arena, p + 1, p + 1 + len, b, from, from + len);
        }

        private int dataStart(int off) {
            return (arena[off] & 0xff) == 0xff ? off + 3 : off + 1;
        }

        private int lengthAt(int off) {
            int l = arena[off] & 0xff;
            return l == 0xff ? ((arena[off + 1] & 0xff) << 8) | (arena[off + 2] & 0xff) : l;
        }

        private int payloadAt(int off) {
            int p = dataStart(off) + 1 + lengthAt(off);
            return (arena[p] & 0xff) << 24 | (arena[p + 1] & 0xff) << 16 | (arena[p + 2] & 0xff) << 8 | (arena[p + 3] & 0xff);
        }

        private void setPayload(int off, int v) {
            int p = dataStart(off) + 1 + lengthAt(off);
            arena[p] = (byte) (v >>> 24);
            arena[p + 1] = (byte) (v >>> 16);
            arena[p + 2] = (byte) (v >>> 8);
            arena[p + 3] = (byte) v;
        }

        /** Inserts or replaces; the key is {@code [tag][bytes]}. */
        void put(byte[] key, int payload) {
            if (filter != null) {
                throw new IllegalStateException("sealed");
            }
            byte tag = key[0];
            int len = key.length - 1;
            if (len > 0xffff) {
                throw new IllegalArgumentException("value longer than 65535 bytes");
            }
            int h = hash(tag, key, 1, key.length);
            int mask = slots.length - 1;
            int i = h & mask;
            while ((int) slots[i] != 0) {
                if ((int) (slots[i] >>> 32) == h && matches((int) slots[i], tag, key, 1, len)) {
                    setPayload((int) slots[i], payload);
                    return;
                }
                i = (i + 1) & mask;
            }
            int need = (len >= 0xff ? 3 : 1) + 1 + len + 4;
            if (used + need > arena.length) {
                arena = Arrays.copyOf(arena, Math.max(arena.length * 2, used + need));
            }
            int off = used;
            if (len >= 0xff) {
                arena[used++] = (byte) 0xff;
                arena[used++] = (byte) (len >>> 8);
                arena[used++] = (byte) len;
            } else {
                arena[used++] = (byte) len;
            }
            arena[used++] = tag;
            System.arraycopy(key, 1, arena, used, len);
            used += len + 4;
            slots[i] = ((long) h << 32) | (off & 0xffffffffL);
            setPayload(off, payload);
            size++;
            if (size * 2 > slots.length) {
                grow();
            }
        }

        private void grow() {
            long[] old = slots;
            slots = new long[old.length * 2];
            int mask = slots.length - 1;
            for (long slot : old) {
                if ((int) slot != 0) {
                    int i = (int) (slot >>> 32) & mask;
                    while ((int) slots[i] != 0) {
                        i = (i + 1) & mask;
                    }
                    slots[i] = slot;
                }
            }
        }

        /** Ends the building: trims the arena and puts a {@link PresenceFilter} in front of the table. */
        void trim() {
            arena = Arrays.copyOf(arena, used);
            PresenceFilter f = new PresenceFilter(size);
            for (long slot : slots) {
                if ((int) slot != 0) {
                    f.add((int) (slot >>> 32));
                }
            }
            filter = f;
        }

        /** Calls {@code action} with the hash of every key of the given tag. */
        void forEachHash(byte tag, java.util.function.IntConsumer action) {
            for (long slot : slots) {
                int off = (int) slot;
                if (off != 0 && arena[dataStart(off) + 0] == tag) {
                    action.accept((int) (slot >>> 32));
                }
            }
        }

        long heapBytes() {
            return 48 + arena.length + 8L * slots.length + (filter == null ? 0 : filter.heapBytes());
        }
    }

    static int[] filled(int n) {
        int[] a = new int[n];
        Arrays.fill(a, NONE);
        return a;
    }
}
