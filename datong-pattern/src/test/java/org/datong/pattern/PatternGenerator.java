package org.datong.pattern;

import org.datong.stix.Timestamp;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/** Random pattern trees from a seeded generator, covering every node, operator and literal type. */
final class PatternGenerator {
    private static final String[] TYPES = {"file", "ipv4-addr", "ipv6-addr", "domain-name", "network-traffic", "x-acme-thing",
            "email-message", "process", "url", "windows-registry-key", "x509-certificate", "artifact", "user-account", "mutex",
            "x_underscore", "ANDX", "t", "b", "h"};
    private static final String[] NAMES = {"value", "name", "hashes", "MD5", "SHA-256", "size", "src_ref", "dst_ref",
            "contains_refs", "extensions", "windows-pebinary-ext", "sections", "entropy", "a.b", "with space", "it's", "back\\slash",
            "AND", "true", "IN", "_x", "x9", "ünï", "t", "h"};

    private final Random random;

    PatternGenerator(long seed) {
        random = new Random(seed);
    }

    ObservationExpr observation(int depth) {
        int pick = depth <= 0 ? 0 : random.nextInt(7);
        return switch (pick) {
            case 0 -> new ObservationExpr.Observation(comparison(2));
            case 1 -> new ObservationExpr.And(observation(depth - 1), observation(depth - 1));
            case 2 -> new ObservationExpr.Or(observation(depth - 1), observation(depth - 1));
            case 3 -> new ObservationExpr.FollowedBy(observation(depth - 1), observation(depth - 1));
            case 4 -> new ObservationExpr.Within(observation(depth - 1), random.nextBoolean()
                    ? BigDecimal.valueOf(1 + random.nextInt(10_000)) : new BigDecimal(random.nextInt(1000) + "." + random.nextInt(1000)));
            case 5 -> new ObservationExpr.Repeats(observation(depth - 1), 1 + random.nextInt(20));
            default -> {
                Timestamp a = timestamp();
                Timestamp b = timestamp();
                yield new ObservationExpr.StartStop(observation(depth - 1), a, b);
            }
        };
    }

    ComparisonExpr comparison(int depth) {
        int pick = depth <= 0 ? 2 + random.nextInt(3) : random.nextInt(5);
        return switch (pick) {
            case 0 -> new ComparisonExpr.And(comparison(depth - 1), comparison(depth - 1));
            case 1 -> new ComparisonExpr.Or(comparison(depth - 1), comparison(depth - 1));
            case 2 -> new ComparisonExpr.Comparison(path(), random.nextInt(4) == 0,
                    Operator.values()[random.nextInt(Operator.values().length)], literal());
            case 3 -> {
                List<Literal> values = new ArrayList<>();
                int n = 1 + random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    values.add(literal());
                }
                yield new ComparisonExpr.In(path(), random.nextBoolean(), values);
            }
            default -> new ComparisonExpr.Exists(path());
        };
    }

    ObjectPath path() {
        List<ObjectPath.Step> steps = new ArrayList<>();
        steps.add(new ObjectPath.Step.Member(NAMES[random.nextInt(NAMES.length)]));
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            int k = random.nextInt(4);
            steps.add(k == 0 ? new ObjectPath.Step.Index(random.nextInt(100)) : k == 1 ? new ObjectPath.Step.AnyIndex()
                    : new ObjectPath.Step.Member(NAMES[random.nextInt(NAMES.length)]));
        }
        return new ObjectPath(TYPES[random.nextInt(TYPES.length)], steps);
    }

    Literal literal() {
        return switch (random.nextInt(7)) {
            case 0 -> new Literal.Text(text());
            case 1 -> new Literal.Int(random.nextLong(-Literals.MAX_INTEGER, Literals.MAX_INTEGER + 1));
            case 2 -> new Literal.Real(new BigDecimal((random.nextBoolean() ? "-" : "") + random.nextInt(100_000) + "."
                    + String.format("%0" + (1 + random.nextInt(5)) + "d", random.nextInt(10_000))));
            case 3 -> new Literal.Bool(random.nextBoolean());
            case 4 -> {
                byte[] b = new byte[random.nextInt(12)];
                random.nextBytes(b);
                yield new Literal.Binary(Base64.getEncoder().encodeToString(b));
            }
            case 5 -> {
                byte[] b = new byte[random.nextInt(12)];
                random.nextBytes(b);
                yield new Literal.Hex(HexFormat.of().formatHex(b));
            }
            default -> new Literal.Time(timestamp());
        };
    }

    private String text() {
        String alphabet = "ab'\\ %_.*[]()=\n\t\u00e9\u2003\uD83D\uDE00-:";
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(10);
        for (int i = 0; i < n; i++) {
            int at = random.nextInt(alphabet.length());
            char c = alphabet.charAt(at);
            if (Character.isHighSurrogate(c)) {
                sb.append(c).append(alphabet.charAt(at + 1));
            } else if (!Character.isLowSurrogate(c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    Timestamp timestamp() {
        String base = String.format("%04d-%02d-%02dT%02d:%02d:%02d", 1970 + random.nextInt(100), 1 + random.nextInt(12),
                1 + random.nextInt(28), random.nextInt(24), random.nextInt(60), random.nextInt(60));
        int digits = random.nextInt(7);
        if (digits > 0) {
            base += "." + String.format("%0" + digits + "d", random.nextInt((int) Math.pow(10, Math.min(digits, 9))));
        }
        return Timestamp.parse(base + "Z");
    }

    /** The printed text with random extra whitespace and redundant parentheses, which must not change the tree. */
    String respell(String canonical) {
        StringBuilder sb = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < canonical.length(); i++) {
            char c = canonical.charAt(i);
            if (quoted && c == '\\') {
                sb.append(c).append(canonical.charAt(++i));
                continue;
            }
            if (c == '\'') {
                quoted = !quoted;
            }
            if (!quoted && c == ' ') {
                sb.append(random.nextBoolean() ? " " : random.nextBoolean() ? "\n\t" : "\u00a0 ");
            } else {
                sb.append(c);
            }
        }
        return random.nextBoolean() ? "(" + sb + ")" : " " + sb + "\r\n";
    }
}
