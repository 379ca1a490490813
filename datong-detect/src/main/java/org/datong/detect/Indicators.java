package org.datong.detect;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads indicators into an {@link IndicatorIndex.Builder}: plain lists and
 * CSV (this class) and STIX indicators ({@link StixIndicators}).
 */
public final class Indicators {
    /** How many rejected lines a load report quotes. */
    static final int QUOTED_REJECTS = 5;

    private Indicators() {
    }

    /**
     * What a load took in: accepted entries, rejected lines (with the first few quoted).
     *
     * @param accepted entries indexed
     * @param rejected lines that were not an indicator
     * @param examples up to five rejected lines as {@code source:line: text}
     */
    public record LoadReport(long accepted, long rejected, List<String> examples) {
        public LoadReport {
            examples = List.copyOf(examples);
        }
    }

    /**
     * Loads a plain list or CSV: one indicator per line in the first field
     * (fields split at comma, semicolon, tab or space, so {@code value;comment}
     * and {@code IP<TAB>count} work). When the first field is no indicator, every
     * other field (split at comma, semicolon or tab, quotes removed) that is one
     * as a whole is taken, so CSV exports with the value in a later column
     * ({@code event-uuid,md5,sha1} of MISP feeds) load too. Accepts IPv4/IPv6 addresses and CIDR
     * ranges, {@code *.domain} or {@code .domain} (the domain and its
     * subdomains), domains, URLs, MD5/SHA-1/SHA-256/SHA-512 hashes and emails,
     * defanged or not. Blank lines and {@code #} or {@code //} comments are skipped;
     * a CSV header line is skipped when it is not an indicator.
     */
    public static LoadReport loadList(IndicatorIndex.Builder into, String listName, InputStream in) throws IOException {
        int ref = into.addList(listName);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        long ok = 0;
        long bad = 0;
        List<String> examples = new ArrayList<>();
        String line;
        long no = 0;
        while ((line = r.readLine()) != null) {
            no++;
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#") || s.startsWith("//")) {
                continue;
            }
            String field = firstField(s);
            if (addEntry(into, ref, field) || addLaterFields(into, ref, s)) {
                ok++;
            } else {
                bad++;
                if (examples.size() < QUOTED_REJECTS) {
                    examples.add(listName + ":" + no + ": " + (s.length() > 80 ? s.substring(0, 80) + "..." : s));
                }
            }
        }
        return new LoadReport(ok, bad, examples);
    }

    static String firstField(String s) {
        int cut = s.length();
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == ',' || c == ';' || c == '\t' || c == ' ') {
                cut = k;
                break;
            }
        }
        String f = s.substring(0, cut);
        if (f.length() >= 2 && f.startsWith("\"") && f.endsWith("\"")) {
            f = f.substring(1, f.length() - 1);
        }
        return f;
    }

    /** Indexes every field after the first that is an indicator as a whole; false when none is. */
    static boolean addLaterFields(IndicatorIndex.Builder into, int ref, String line) {
        boolean any = false;
        int start = -1;
        for (int k = 0; k <= line.length(); k++) {
            char c = k < line.length() ? line.charAt(k) : ',';
            if (c == ',' || c == ';' || c == '\t') {
                if (start >= 0) {
                    String f = line.substring(start, k).strip();
                    if (f.length() >= 2 && f.startsWith("\"") && f.endsWith("\"")) {
                        f = f.substring(1, f.length() - 1).strip();
                    }
                    if (!f.isEmpty() && f.indexOf(' ') < 0 && addEntry(into, ref, f)) {
                        any = true;
                    }
                }
                start = k + 1;
            }
        }
        return any;
    }

    /** Indexes one textual entry; false when it is none of the accepted forms. */
    static boolean addEntry(IndicatorIndex.Builder into, int ref, String raw) {
        String s = Values.refang(raw.strip());
        if (s.startsWith("*.") || (s.startsWith(".") && s.length() > 1)) {
            String d = Values.domain(s.substring(s.startsWith("*.") ? 2 : 1));
            if (d == null) {
                return false;
            }
            into.addSubdomains(ref, d);
            return true;
        }
        if (s.indexOf('/') > 0 && !s.contains("://")) {
            Values.Cidr c = Values.parseCidr(s);
            if (c != null) {
                into.addRange(ref, s);
                return true;
            }
            return false;
        }
        Observable o = Values.guess(s);
        if (o == null) {
            return false;
        }
        into.add(ref, o);
        return true;
    }
}
