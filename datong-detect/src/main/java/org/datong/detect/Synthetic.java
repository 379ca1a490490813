package org.datong.detect;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Realistic synthetic indicator sets and telemetry for benchmarks and load
 * tests, from a seed. Indicator sets mix the kinds seen in real feeds in
 * roughly their proportions (addresses, ranges, domains, URLs, hashes,
 * emails); logs are ECS JSON lines and syslog/proxy/firewall text lines with
 * public and private addresses, host names, URLs and hashes, into which a
 * chosen fraction of events carries a value from the indicator set.
 */
public final class Synthetic {
    private static final String[] TLDS = {"com", "net", "org", "ru", "xyz", "top", "info", "cn", "io", "de", "biz", "online"};
    private static final String[] SYLLABLES = {"ka", "ro", "mi", "lo", "te", "xa", "zu", "pe", "no", "vi", "qua", "sec", "net", "cloud",
            "mail", "cdn", "app", "data", "sync", "bit", "ly", "go", "web", "srv", "api", "dl", "up", "cash", "pay", "login"};
    private static final String[] PATHS = {"index.php", "wp-admin", "login", "gate.php", "dl", "update", "bin", "panel", "api", "v1",
            "images", "invoice.pdf", "setup.exe", "payload", "a", "x"};
    private static final String[] AGENTS = {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
            "curl/8.4.0", "python-requests/2.31.0", "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"};

    private final Random rnd;
    private final List<String> plantable = new ArrayList<>();
    private long clock = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();

    public Synthetic(long seed) {
        this.rnd = new Random(seed);
    }

    /**
     * An indicator list of {@code n} lines in the plain-list format: 45% IPv4,
     * 2% IPv4 CIDR ranges (/22 to /30), 2% IPv6, 26% domains, 2% {@code *.domain}, 5% URLs,
     * 16% hashes (MD5, SHA-1, SHA-256, mixed case), 2% emails.
     */
    public byte[] indicatorList(int n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(n * 32);
        StringBuilder sb = new StringBuilder(256);
        for (int i = 0; i < n; i++) {
            sb.setLength(0);
            int r = rnd.nextInt(100);
            String v;
            if (r < 45) {
                v = publicIPv4();
            } else if (r < 47) {
                v = publicIPv4Net();
            } else if (r < 49) {
                v = ipv6();
            } else if (r < 75) {
                v = domain();
            } else if (r < 77) {
                v = "*." + domain();
            } else if (r < 82) {
                v = url(domain());
            } else if (r < 98) {
                v = hash(new int[]{16, 20, 32}[rnd.nextInt(3)]);
                if (rnd.nextInt(4) == 0) {
                    v = v.toUpperCase(Locale.ROOT);
                }
            } else {
                v = word() + "." + word() + "@" + domain();
            }
            if (!v.startsWith("*.") && !v.contains("/") && plantable.size() < 100_000 && rnd.nextInt(8) == 0) {
                plantable.add(v);
            } else if (v.startsWith("http") && plantable.size() < 100_000 && rnd.nextInt(8) == 0) {
                plantable.add(v);
            }
            sb.append(v).append('\n');
            out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** ECS JSON lines, about 400 bytes each; {@code hitRate} of them carry a listed value. */
    public byte[] jsonEvents(int n, double hitRate) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(n * 420);
        StringBuilder sb = new StringBuilder(1024);
        for (int i = 0; i < n; i++) {
            sb.setLength(0);
            clock += rnd.nextInt(40);
            sb.append("{\"@timestamp\":\"").append(Instant.ofEpochMilli(clock)).append("\",\"event\":{\"kind\":\"event\",\"category\":[\"network\"],\"dataset\":\"")
                    .append(rnd.nextBoolean() ? "zeek.conn" : "suricata.eve").append("\"},");
            String src = rnd.nextInt(3) == 0 ? publicIPv4() : privateIPv4();
            String dst = rnd.nextInt(3) == 0 ? privateIPv4() : publicIPv4();
            String planted = rnd.nextDouble() < hitRate && !plantable.isEmpty() ? plantable.get(rnd.nextInt(plantable.size())) : null;
            if (planted != null && Character.isDigit(planted.charAt(0)) && !planted.contains("/") && !planted.contains(":")) {
                dst = planted;
                planted = null;
            }
            sb.append("\"source\":{\"ip\":\"").append(src).append("\",\"port\":").append(1024 + rnd.nextInt(60000)).append("},");
            sb.append("\"destination\":{\"ip\":\"").append(dst).append("\",\"port\":").append(rnd.nextBoolean() ? 443 : 80).append("},");
            sb.append("\"network\":{\"transport\":\"tcp\",\"bytes\":").append(rnd.nextInt(100000)).append("},");
            sb.append("\"host\":{\"name\":\"ws-").append(rnd.nextInt(500)).append(".corp.local\"},");
            int kind = rnd.nextInt(4);
            if (kind == 0 || planted != null && !planted.contains("@") && !planted.startsWith("http") && planted.contains(".")) {
                sb.append("\"dns\":{\"question\":{\"name\":\"").append(planted != null && !planted.contains("@") && !planted.startsWith("http") && planted.contains(".") ? planted : domain()).append("\"}},");
            } else if (kind == 1 || planted != null && planted.startsWith("http")) {
                sb.append("\"url\":{\"full\":\"").append(planted != null && planted.startsWith("http") ? planted : url(domain())).append("\"},");
            } else if (kind == 2 || planted != null && !planted.contains(".")) {
                sb.append("\"file\":{\"hash\":{\"sha256\":\"").append(planted != null && !planted.contains(".") ? planted : hash(32)).append("\"}},");
            } else if (planted != null && planted.contains("@")) {
                sb.append("\"email\":{\"from\":{\"address\":\"").append(planted).append("\"}},");
            }
            sb.append("\"user_agent\":{\"original\":\"").append(AGENTS[rnd.nextInt(AGENTS.length)]).append("\"},");
            sb.append("\"message\":\"connection ").append(rnd.nextBoolean() ? "established" : "closed").append("\"}\n");
            out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** Syslog, proxy and firewall text lines, about 150 bytes each; {@code hitRate} of them carry a listed value. */
    public byte[] textLines(int n, double hitRate) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(n * 160);
        StringBuilder sb = new StringBuilder(512);
        for (int i = 0; i < n; i++) {
            sb.setLength(0);
            clock += rnd.nextInt(40);
            String planted = rnd.nextDouble() < hitRate && !plantable.isEmpty() ? plantable.get(rnd.nextInt(plantable.size())) : null;
            String ip = planted != null && Character.isDigit(planted.charAt(0)) && !planted.contains(":") ? planted : publicIPv4();
            switch (rnd.nextInt(3)) {
                case 0 -> sb.append("<38>Nov  1 10:").append(10 + rnd.nextInt(50)).append(":").append(10 + rnd.nextInt(50))
                        .append(" bastion sshd[").append(rnd.nextInt(60000)).append("]: Failed password for invalid user ")
                        .append(word()).append(" from ").append(ip).append(" port ").append(1024 + rnd.nextInt(60000)).append(" ssh2");
                case 1 -> sb.append(privateIPv4()).append(" - - [01/Nov/2026:10:00:").append(10 + rnd.nextInt(50))
                        .append(" +0000] \"GET ").append(planted != null && planted.startsWith("http") ? planted : url(planted != null && !planted.contains("@") && planted.contains(".") && !Character.isDigit(planted.charAt(0)) ? planted : domain()))
                        .append(" HTTP/1.1\" 200 ").append(rnd.nextInt(90000)).append(" \"-\" \"").append(AGENTS[rnd.nextInt(2) + 1]).append('"');
                default -> sb.append("Nov 1 10:00:00 fw01 kernel: DROP IN=eth0 OUT= SRC=").append(ip).append(" DST=").append(privateIPv4())
                        .append(" LEN=60 TTL=52 PROTO=TCP SPT=").append(1024 + rnd.nextInt(60000)).append(" DPT=").append(rnd.nextBoolean() ? 22 : 445)
                        .append(planted != null && !planted.contains(".") ? " sha1=" + planted : "");
            }
            sb.append('\n');
            out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** Two to four syllables and, mostly, a few random letters: real names rarely collide with listed ones. */
    private String word() {
        StringBuilder sb = new StringBuilder();
        int n = 2 + rnd.nextInt(3);
        for (int k = 0; k < n; k++) {
            sb.append(SYLLABLES[rnd.nextInt(SYLLABLES.length)]);
        }
        if (rnd.nextInt(8) != 0) {
            int extra = 2 + rnd.nextInt(4);
            for (int k = 0; k < extra; k++) {
                sb.append((char) ('a' + rnd.nextInt(26)));
            }
        }
        return sb.toString();
    }

    private String domain() {
        String d = word() + (rnd.nextInt(5) == 0 ? "-" + word() : "") + "." + TLDS[rnd.nextInt(TLDS.length)];
        return rnd.nextInt(4) == 0 ? SYLLABLES[rnd.nextInt(SYLLABLES.length)] + "." + d : d;
    }

    private String url(String host) {
        StringBuilder sb = new StringBuilder(rnd.nextInt(4) == 0 ? "https://" : "http://").append(host).append('/');
        int n = rnd.nextInt(3);
        for (int k = 0; k < n; k++) {
            sb.append(PATHS[rnd.nextInt(PATHS.length)]).append('/');
        }
        sb.append(PATHS[rnd.nextInt(PATHS.length)]);
        if (rnd.nextBoolean()) {
            sb.append("?id=").append(rnd.nextInt(100000));
        }
        return sb.toString();
    }

    private String hash(int bytes) {
        StringBuilder sb = new StringBuilder(bytes * 2);
        for (int k = 0; k < bytes; k++) {
            int b = rnd.nextInt(256);
            sb.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 15, 16));
        }
        return sb.toString();
    }

    private String publicIPv4() {
        while (true) {
            int a = 1 + rnd.nextInt(223);
            if (a == 10 || a == 127 || a == 100 || a == 169 || a == 172 || a == 192 || a == 198 || a == 203) {
                continue;
            }
            return a + "." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + (1 + rnd.nextInt(254));
        }
    }

    private String publicIPv4Net() {
        int len = 22 + rnd.nextInt(9); // block lists hold mostly /24 and smaller ranges
        return publicIPv4() + "/" + len;
    }

    private String privateIPv4() {
        return rnd.nextBoolean() ? "10." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + (1 + rnd.nextInt(254))
                : "192.168." + rnd.nextInt(256) + "." + (1 + rnd.nextInt(254));
    }

    private String ipv6() {
        return String.format(Locale.ROOT, "2a0%x:%x:%x::%x", rnd.nextInt(16), rnd.nextInt(65536), rnd.nextInt(65536), 1 + rnd.nextInt(65535));
    }
}
