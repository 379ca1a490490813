package org.datong.stix;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A bundle of any size produced on the fly, never held in memory: a mix of
 * indicators, observables, relationships and malware with distinct ids, one
 * indicator in {@value #WARNING_EVERY} carrying an indicator type outside its
 * open vocabulary (so findings flow too).
 */
final class GeneratedBundleStream extends InputStream {
    static final int WARNING_EVERY = 100;
    private static final byte[] HEAD = ("{\"type\":\"bundle\",\"id\":\"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d\","
            + "\"objects\":[\n").getBytes(StandardCharsets.UTF_8);
    private static final byte[] TAIL = "\n]}\n".getBytes(StandardCharsets.UTF_8);

    private final long targetBytes;
    private long produced;
    private long objects;
    private byte[] chunk = HEAD;
    private int pos;
    private boolean done;

    GeneratedBundleStream(long targetBytes) {
        this.targetBytes = targetBytes;
    }

    /** Objects emitted so far (all of them once the stream is exhausted). */
    long objects() {
        return objects;
    }

    /** Warnings the validator must report for what was emitted. */
    long expectedWarnings() {
        long indicators = (objects + 3) / 4;
        return (indicators + WARNING_EVERY - 1) / WARNING_EVERY;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (pos == chunk.length && !advance()) {
            return -1;
        }
        int n = Math.min(len, chunk.length - pos);
        System.arraycopy(chunk, pos, b, off, n);
        pos += n;
        return n;
    }

    private boolean advance() {
        if (done) {
            return false;
        }
        if (produced >= targetBytes) {
            chunk = TAIL;
            done = true;
        } else {
            String obj = object(objects);
            chunk = ((objects > 0 ? ",\n" : "") + obj).getBytes(StandardCharsets.UTF_8);
            objects++;
        }
        produced += chunk.length;
        pos = 0;
        return true;
    }

    private static String uuid(long n, int kind) {
        return String.format("%08x-0000-4000-8%03x-%012x", kind, kind, n);
    }

    static String object(long n) {
        String ts = "2024-03-0" + (1 + n % 9) + "T12:00:00.000Z";
        return switch ((int) (n % 4)) {
            case 0 -> "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--" + uuid(n, 1)
                    + "\",\"created\":\"" + ts + "\",\"modified\":\"" + ts + "\",\"name\":\"C2 address " + n
                    + "\",\"indicator_types\":[\"" + ((n / 4) % WARNING_EVERY == 0 ? "c2-node" : "malicious-activity")
                    + "\"],\"pattern\":\"[ipv4-addr:value = '10." + (n % 250) + "." + (n / 250 % 250)
                    + ".1']\",\"pattern_type\":\"stix\",\"valid_from\":\"" + ts + "\",\"confidence\":80}";
            case 1 -> "{\"type\":\"ipv4-addr\",\"spec_version\":\"2.1\",\"id\":\""
                    + ScoIds.compute(org.datong.stix.json.Json.parseObject("{\"type\":\"ipv4-addr\",\"value\":\"10."
                    + (n % 250) + "." + (n / 250 % 250) + ".2\"}")) + "\",\"value\":\"10." + (n % 250) + "."
                    + (n / 250 % 250) + ".2\"}";
            case 2 -> "{\"type\":\"relationship\",\"spec_version\":\"2.1\",\"id\":\"relationship--" + uuid(n, 2)
                    + "\",\"created\":\"" + ts + "\",\"modified\":\"" + ts + "\",\"relationship_type\":\"indicates\","
                    + "\"source_ref\":\"indicator--" + uuid(n - 2, 1) + "\",\"target_ref\":\"malware--" + uuid(n, 3) + "\"}";
            default -> "{\"type\":\"malware\",\"spec_version\":\"2.1\",\"id\":\"malware--" + uuid(n, 3)
                    + "\",\"created\":\"" + ts + "\",\"modified\":\"" + ts + "\",\"name\":\"Family " + n
                    + "\",\"is_family\":true,\"malware_types\":[\"remote-access-trojan\"],"
                    + "\"description\":\"" + "A remote access trojan seen in campaigns. ".repeat(4) + "\"}";
        };
    }
}
