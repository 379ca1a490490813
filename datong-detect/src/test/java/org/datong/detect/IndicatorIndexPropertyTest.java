package org.datong.detect;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The index against a brute-force oracle: random indicators (overlapping
 * CIDRs, IPv4-mapped IPv6, internationalised domains, URL variants, hashes in
 * mixed case) and random events written in varied but equivalent forms. The
 * oracle works on the generated meaning of each value (numbers, label lists,
 * URL parts), never on the index's normal forms, and scans every indicator.
 */
class IndicatorIndexPropertyTest {
    private static final long SEED = 0xD47011CL;
    private static final int ROUNDS = 60;

    /** Internationalised labels with their ACE form, checked against RFC 3492 examples and registries. */
    private static final String[][] IDN = {
            {"bücher", "xn--bcher-kva"}, {"münchen", "xn--mnchen-3ya"}, {"пример", "xn--e1afmkfd"}, {"中国", "xn--fiqs8s"}};
    private static final String[] ASCII_LABELS = {"evil", "mail", "www", "cdn", "login", "example", "corp", "x1", "a-b"};
    private static final String[] TLDS = {"com", "net", "org", "example"};

    // ---------------------------------------------------------------- meanings

    /** An address: IPv4 when v4, else 128 bits. */
    record Addr(boolean v4, long hi, long lo) {
        boolean in(Net n) {
            if (n.v4 != v4) {
                return false;
            }
            if (v4) {
                long m = n.len == 0 ? 0 : (0xffffffffL << (32 - n.len)) & 0xffffffffL;
                return (lo & m) == (n.lo & m);
            }
            for (int bit = 0; bit < n.len; bit++) {
                long a = bit < 64 ? (hi >>> (63 - bit)) & 1 : (lo >>> (127 - bit)) & 1;
                long b = bit < 64 ? (n.hi >>> (63 - bit)) & 1 : (n.lo >>> (127 - bit)) & 1;
                if (a != b) {
                    return false;
                }
            }
            return true;
        }
    }

    record Net(boolean v4, long hi, long lo, int len) {
    }

    /** A domain as label ids: >= 0 ASCII_LABELS, < 0 IDN[-id-1]; the last is a TLD index + 1000. */
    record Dom(List<Integer> labels) {
        boolean under(Dom parent) {
            int n = labels.size();
            int m = parent.labels.size();
            return m <= n && labels.subList(n - m, n).equals(parent.labels);
        }
    }

    record Url(boolean https, Dom host, List<String> path, String query) {
    }

    sealed interface Spec {
    }

    record RangeSpec(int ref, Net net) implements Spec {
    }

    record DomSpec(int ref, Dom dom, boolean subdomains) implements Spec {
    }

    record UrlSpec(int ref, Url url) implements Spec {
    }

    record HashSpec(int ref, String lowerHex) implements Spec {
    }

    record EmailSpec(int ref, String local, Dom dom) implements Spec {
    }

    sealed interface Event {
    }

    record AddrEvent(Addr a) implements Event {
    }

    record DomEvent(Dom d) implements Event {
    }

    record UrlEvent(Url u) implements Event {
    }

    record HashEvent(String lowerHex) implements Event {
    }

    record EmailEvent(String local, Dom d) implements Event {
    }

    // ---------------------------------------------------------------- generators

    private final Random rnd = new Random(SEED);
    private long[] v4Pool;
    private long[][] v6Pool;
    private List<String> hashPool;

    private Addr addr() {
        if (rnd.nextInt(4) > 0) {
            long base = v4Pool[rnd.nextInt(v4Pool.length)];
            return new Addr(true, 0, (base ^ rnd.nextInt(1 << rnd.nextInt(12))) & 0xffffffffL);
        }
        long[] base = v6Pool[rnd.nextInt(v6Pool.length)];
        return new Addr(false, base[0], base[1] ^ rnd.nextInt(1 << rnd.nextInt(16)));
    }

    private Net net() {
        Addr a = addr();
        int len = a.v4 ? 8 + rnd.nextInt(25) : 16 + rnd.nextInt(113);
        return new Net(a.v4, a.hi, a.lo, len);
    }

    private Dom dom() {
        List<Integer> labels = new ArrayList<>();
        int n = 1 + rnd.nextInt(3);
        for (int k = 0; k < n; k++) {
            labels.add(rnd.nextInt(5) == 0 ? -1 - rnd.nextInt(IDN.length) : rnd.nextInt(ASCII_LABELS.length));
        }
        labels.add(1000 + rnd.nextInt(TLDS.length));
        return new Dom(labels);
    }

    private Url url() {
        List<String> path = new ArrayList<>();
        int n = rnd.nextInt(3);
        for (int k = 0; k < n; k++) {
            path.add(new String[]{"a", "b", "login", "x~y", "p-1"}[rnd.nextInt(5)]);
        }
        return new Url(rnd.nextBoolean(), dom(), path, rnd.nextBoolean() ? null : "id=" + rnd.nextInt(3));
    }

    private String hash() {
        return hashPool.get(rnd.nextInt(hashPool.size()));
    }

    private String local() {
        return new String[]{"bob", "alice", "it-support", "x.y"}[rnd.nextInt(4)];
    }

    // ---------------------------------------------------------------- renderings (equivalent texts)

    private String mixCase(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            sb.append(rnd.nextBoolean() ? Character.toUpperCase(c) : c);
        }
        return sb.toString();
    }

    private String render(Addr a) {
        if (a.v4) {
            String dotted = ((a.lo >>> 24) & 255) + "." + ((a.lo >>> 16) & 255) + "." + ((a.lo >>> 8) & 255) + "." + (a.lo & 255);
            return switch (rnd.nextInt(4)) {
                case 0 -> "::ffff:" + dotted;
                case 1 -> mixCase("::ffff:" + Long.toHexString((a.lo >>> 16) & 0xffff) + ":" + Long.toHexString(a.lo & 0xffff));
                default -> dotted;
            };
        }
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < 8; k++) {
            long g = k < 4 ? (a.hi >>> (48 - 16 * k)) & 0xffff : (a.lo >>> (48 - 16 * (k - 4))) & 0xffff;
            if (k > 0) {
                sb.append(':');
            }
            sb.append(rnd.nextBoolean() ? String.format(Locale.ROOT, "%04x", g) : Long.toHexString(g));
        }
        return mixCase(sb.toString());
    }

    private String render(Net n) {
        Addr a = new Addr(n.v4, n.hi, n.lo);
        if (n.v4 && rnd.nextInt(4) == 0) {
            String dotted = ((a.lo >>> 24) & 255) + "." + ((a.lo >>> 16) & 255) + "." + ((a.lo >>> 8) & 255) + "." + (a.lo & 255);
            return "::ffff:" + dotted + "/" + (96 + n.len);
        }
        String text = render(a);
        if (text.startsWith("::ffff:") || text.startsWith("::FFFF:") || text.toLowerCase(Locale.ROOT).startsWith("::ffff:")) {
            return text + "/" + (96 + n.len);
        }
        return text + "/" + n.len;
    }

    private String render(Dom d) {
        StringBuilder sb = new StringBuilder();
        for (int id : d.labels) {
            if (sb.length() > 0) {
                sb.append('.');
            }
            if (id >= 1000) {
                sb.append(mixCase(TLDS[id - 1000]));
            } else if (id >= 0) {
                sb.append(mixCase(ASCII_LABELS[id]));
            } else {
                String[] pair = IDN[-id - 1];
                sb.append(rnd.nextBoolean() ? pair[0] : mixCase(pair[1]));
            }
        }
        if (rnd.nextInt(5) == 0) {
            sb.append('.');
        }
        return sb.toString();
    }

    private String render(Url u) {
        String scheme = mixCase(u.https ? "https" : "http");
        String host = render(u.host);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        String port = rnd.nextInt(3) == 0 ? (u.https ? ":443" : ":80") : "";
        StringBuilder path = new StringBuilder();
        for (String seg : u.path) {
            if (rnd.nextInt(4) == 0) {
                path.append("/./");
                path.append("junk/..");
            }
            path.append('/');
            for (char c : seg.toCharArray()) {
                path.append(rnd.nextInt(4) == 0 ? String.format(Locale.ROOT, rnd.nextBoolean() ? "%%%02X" : "%%%02x", (int) c) : String.valueOf(c));
            }
        }
        String q = u.query == null ? "" : "?" + u.query;
        String frag = rnd.nextInt(4) == 0 ? "#section" : "";
        return scheme + "://" + host + port + path + q + frag;
    }

    // ---------------------------------------------------------------- oracle

    private static Set<Integer> oracle(List<Spec> specs, Event e) {
        Set<Integer> out = new HashSet<>();
        switch (e) {
            case AddrEvent(Addr a) -> {
                int best = -1;
                for (Spec s : specs) {
                    if (s instanceof RangeSpec r && a.in(r.net) && r.net.len > best) {
                        best = r.net.len;
                    }
                }
                for (Spec s : specs) {
                    if (s instanceof RangeSpec r && a.in(r.net) && r.net.len == best) {
                        out.add(r.ref);
                    }
                }
            }
            case DomEvent(Dom d) -> {
                for (Spec s : specs) {
                    if (s instanceof DomSpec ds && !ds.subdomains && ds.dom.equals(d)) {
                        out.add(ds.ref);
                    }
                }
                for (int k = 0; out.isEmpty() && k < d.labels.size(); k++) {
                    Dom suffix = new Dom(d.labels.subList(k, d.labels.size()));
                    for (Spec s : specs) {
                        if (s instanceof DomSpec ds && ds.subdomains && ds.dom.equals(suffix)) {
                            out.add(ds.ref);
                        }
                    }
                }
            }
            case UrlEvent(Url u) -> specs.stream().filter(s -> s instanceof UrlSpec us && us.url.equals(u)).forEach(s -> out.add(((UrlSpec) s).ref));
            case HashEvent(String h) -> specs.stream().filter(s -> s instanceof HashSpec hs && hs.lowerHex.equals(h)).forEach(s -> out.add(((HashSpec) s).ref));
            case EmailEvent(String l, Dom d) -> specs.stream().filter(s -> s instanceof EmailSpec es && es.local.equals(l) && es.dom.equals(d))
                    .forEach(s -> out.add(((EmailSpec) s).ref));
        }
        return out;
    }

    // ---------------------------------------------------------------- the property

    @Test
    void indexReturnsExactlyTheHitsOfALinearScan() {
        long checkedHits = 0;
        for (int round = 0; round < ROUNDS; round++) {
            v4Pool = new long[3 + rnd.nextInt(5)];
            for (int k = 0; k < v4Pool.length; k++) {
                v4Pool[k] = rnd.nextInt() & 0xffffffffL;
            }
            v6Pool = new long[2 + rnd.nextInt(3)][];
            for (int k = 0; k < v6Pool.length; k++) {
                v6Pool[k] = new long[]{0x20010db800000000L | rnd.nextInt(4), rnd.nextLong()};
            }
            hashPool = new ArrayList<>();
            for (int k = 0; k < 6; k++) {
                int bytes = new int[]{16, 20, 32, 64}[rnd.nextInt(4)];
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < bytes; i++) {
                    sb.append(String.format(Locale.ROOT, "%02x", rnd.nextInt(256)));
                }
                hashPool.add(sb.toString());
            }

            IndicatorIndex.Builder b = IndicatorIndex.builder();
            List<Spec> specs = new ArrayList<>();
            int sources = 1 + rnd.nextInt(8);
            for (int k = 0; k < sources; k++) {
                b.addList("list" + k);
            }
            int n = 20 + rnd.nextInt(200);
            for (int k = 0; k < n; k++) {
                int ref = rnd.nextInt(sources);
                switch (rnd.nextInt(6)) {
                    case 0, 1 -> {
                        Net net = net();
                        b.addRange(ref, render(net));
                        specs.add(new RangeSpec(ref, net));
                    }
                    case 2 -> {
                        Dom d = dom();
                        boolean sub = rnd.nextInt(3) == 0;
                        if (sub) {
                            b.addSubdomains(ref, render(d));
                        } else {
                            b.add(ref, Observable.of(Observable.Kind.DOMAIN, render(d)));
                        }
                        specs.add(new DomSpec(ref, d, sub));
                    }
                    case 3 -> {
                        Url u = url();
                        b.add(ref, Observable.of(Observable.Kind.URL, render(u)));
                        specs.add(new UrlSpec(ref, u));
                    }
                    case 4 -> {
                        String h = hash();
                        b.add(ref, Observable.guess(mixCase(h)));
                        specs.add(new HashSpec(ref, h));
                    }
                    default -> {
                        String l = local();
                        Dom d = dom();
                        b.add(ref, Observable.of(Observable.Kind.EMAIL, mixCase(l) + "@" + render(d)));
                        specs.add(new EmailSpec(ref, l, d));
                    }
                }
            }
            IndicatorIndex idx = b.build();

            for (int k = 0; k < 400; k++) {
                Event e;
                Observable o;
                switch (rnd.nextInt(5)) {
                    case 0 -> {
                        Addr a = addr();
                        e = new AddrEvent(a);
                        o = Observable.guess(render(a));
                    }
                    case 1 -> {
                        // a known domain, or one below it, or a fresh one
                        Dom d = rnd.nextBoolean() && !specs.isEmpty() && specs.get(rnd.nextInt(specs.size())) instanceof DomSpec ds ? ds.dom : dom();
                        if (rnd.nextBoolean()) {
                            List<Integer> deeper = new ArrayList<>(d.labels);
                            deeper.add(0, rnd.nextInt(ASCII_LABELS.length));
                            d = new Dom(deeper);
                        }
                        e = new DomEvent(d);
                        o = Observable.of(Observable.Kind.DOMAIN, render(d));
                    }
                    case 2 -> {
                        Url u = rnd.nextBoolean() && specs.get(rnd.nextInt(specs.size())) instanceof UrlSpec us ? us.url : url();
                        e = new UrlEvent(u);
                        o = Observable.of(Observable.Kind.URL, render(u));
                    }
                    case 3 -> {
                        String h = hash();
                        e = new HashEvent(h);
                        o = Observable.guess(mixCase(h));
                    }
                    default -> {
                        String l = local();
                        Dom d = rnd.nextBoolean() && specs.get(rnd.nextInt(specs.size())) instanceof EmailSpec es ? es.dom : dom();
                        e = new EmailEvent(l, d);
                        o = Observable.of(Observable.Kind.EMAIL, l + "@" + render(d));
                    }
                }
                Set<Integer> expected = oracle(specs, e);
                Set<Integer> actual = new HashSet<>();
                for (int r : idx.lookup(o)) {
                    actual.add(r);
                }
                assertThat(actual).as("round %d, event %s as %s", round, e, o).isEqualTo(expected);
                checkedHits += expected.size();
            }
        }
        // the generator must actually produce hits, or the property says little
        assertThat(checkedHits).isGreaterThan(1000);
    }

    /**
     * The in-cache filters in front of the large tables must never hide an
     * entry. Small rounds above leave most filter words nearly empty, so this
     * builds an index big and dense enough to fill them (addresses clustered
     * in a few /24s as block lists are, ranges of every length) and checks
     * every entry and many absent values against a plain longest-prefix and
     * set oracle.
     */
    @Test
    void filtersNeverHideAnEntryOfALargeIndex() {
        Random r = new Random(SEED + 1);
        IndicatorIndex.Builder b = IndicatorIndex.builder();
        int lists = 3;
        for (int k = 0; k < lists; k++) {
            b.addList("list" + k);
        }
        // oracle: per prefix length, masked address -> refs
        List<java.util.Map<Long, Set<Integer>>> nets = new ArrayList<>();
        for (int len = 0; len <= 32; len++) {
            nets.add(new java.util.HashMap<>());
        }
        java.util.Map<String, Set<Integer>> hashes = new java.util.HashMap<>();
        java.util.Map<String, Set<Integer>> domains = new java.util.HashMap<>();
        int[] clusters = new int[40];
        for (int k = 0; k < clusters.length; k++) {
            clusters[k] = r.nextInt() & ~0xff;
        }
        List<Long> probes = new ArrayList<>();
        for (int k = 0; k < 60_000; k++) {
            long a = (k % 3 == 0 ? clusters[r.nextInt(clusters.length)] | r.nextInt(256) : r.nextInt()) & 0xffffffffL;
            int len = k % 20 == 0 ? (k % 400 == 0 ? 4 + r.nextInt(16) : 20 + r.nextInt(12)) : 32;
            long m = len == 0 ? 0 : (0xffffffffL << (32 - len)) & 0xffffffffL;
            int ref = r.nextInt(lists);
            b.addRange(ref, Values.formatIPv4((int) a) + "/" + len);
            nets.get(len).computeIfAbsent(a & m, x -> new HashSet<>()).add(ref);
            probes.add(a);
            probes.add((a & m) | (r.nextInt() & ~m & 0xffffffffL)); // another address of the same range
        }
        for (int k = 0; k < 60_000; k++) {
            probes.add(r.nextInt() & 0xffffffffL);
            probes.add((clusters[r.nextInt(clusters.length)] | r.nextInt(256)) & 0xffffffffL);
        }
        for (int k = 0; k < 40_000; k++) {
            StringBuilder h = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                h.append(String.format(Locale.ROOT, "%02x", r.nextInt(256)));
            }
            int ref = r.nextInt(lists);
            b.add(ref, Observable.guess(h.toString()));
            hashes.computeIfAbsent(h.toString(), x -> new HashSet<>()).add(ref);
            String d = "n" + Integer.toString(r.nextInt(1 << 30), 36) + "." + TLDS[r.nextInt(TLDS.length)];
            b.add(ref, Observable.of(Observable.Kind.DOMAIN, d));
            domains.computeIfAbsent(d, x -> new HashSet<>()).add(ref);
        }
        IndicatorIndex idx = b.build();

        long found = 0;
        for (long a : probes) {
            Set<Integer> expected = Set.of();
            for (int len = 32; len >= 0; len--) {
                long m = len == 0 ? 0 : (0xffffffffL << (32 - len)) & 0xffffffffL;
                Set<Integer> refs = nets.get(len).get(a & m);
                if (refs != null) {
                    expected = refs;
                    break;
                }
            }
            Set<Integer> actual = new HashSet<>();
            for (int ref : idx.lookup(Observable.guess(Values.formatIPv4((int) a)))) {
                actual.add(ref);
            }
            assertThat(actual).as("address %s", Values.formatIPv4((int) a)).isEqualTo(expected);
            found += expected.isEmpty() ? 0 : 1;
        }
        for (java.util.Map<String, Set<Integer>> values : List.of(hashes, domains)) {
            for (java.util.Map.Entry<String, Set<Integer>> e : values.entrySet()) {
                Set<Integer> actual = new HashSet<>();
                for (int ref : idx.lookup(Observable.guess(e.getKey()))) {
                    actual.add(ref);
                }
                assertThat(actual).as(e.getKey()).isEqualTo(e.getValue());
                found++;
            }
        }
        for (int k = 0; k < 100_000; k++) {
            String d = "n" + Integer.toString(r.nextInt(1 << 30), 36) + "." + TLDS[r.nextInt(TLDS.length)];
            assertThat(idx.lookup(Observable.of(Observable.Kind.DOMAIN, d)).length).as(d).isEqualTo(domains.getOrDefault(d, Set.of()).size());
        }
        assertThat(found).isGreaterThan(150_000);
    }
}
