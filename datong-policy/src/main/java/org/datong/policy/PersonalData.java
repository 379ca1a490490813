package org.datong.policy;

import org.datong.stix.ScoIds;
import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonString;
import org.datong.stix.json.JsonValue;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds personal information in STIX objects and removes or disguises it.
 *
 * <p>Design. Personal information is found in two places. Structured: an
 * {@code identity} whose {@code identity_class} is {@code individual} (its
 * name, description and contact information), {@code email-addr},
 * {@code user-account}, the {@code street_address} of a location, and - when
 * the jurisdiction rules say so - {@code ipv4-addr}/{@code ipv6-addr}.
 * Free text ({@code description}, {@code content}, {@code abstract},
 * {@code explanation}, {@code body}, {@code subject},
 * {@code contact_information}): e-mail addresses, phone numbers, national id
 * numbers (18-character PRC resident id, US SSN) and, when configured, IP
 * addresses. A value that also appears in the object's own STIX pattern is
 * what the indicator detects (an attacker's address), not a person's data,
 * and is left alone.
 *
 * <p>Treatments, from weakest to strictest: KEEP changes nothing; MINIMISE
 * pseudonymises identifying values with HMAC-SHA256 under the agreement's key
 * (the same value always gives the same pseudonym for one partner, so it can
 * still correlate, and a different one for another partner), generalises IP
 * addresses to their /24 (IPv4) or /48 (IPv6) network and drops free-form
 * personal properties; DROP removes personal objects entirely, removes
 * references to them, and drops objects that cannot stand without them (a
 * relationship or sighting whose end is personal).
 *
 * <p>An SCO whose id-contributing value changes gets its id recomputed with
 * {@link ScoIds}; references to it from other objects are rewritten through
 * the caller's pseudonym id map (ids it has not seen yet cannot be rewritten,
 * so those references are removed). Pseudonyms have recognisable shapes
 * ({@code pseudonym-<hex>}, {@code pseudonym-<hex>@pseudonym.invalid}) and
 * are never themselves treated as personal.
 */
public final class PersonalData {
    /** How personal information is treated on the way out, weakest first. */
    public enum Treatment {
        KEEP, MINIMISE, DROP;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The stricter of two treatments. */
        public Treatment stricter(Treatment other) {
            return compareTo(other) >= 0 ? this : other;
        }

        public static Treatment parse(String s) {
            for (Treatment t : values()) {
                if (t.word().equalsIgnoreCase(s == null ? "" : s.trim())) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown personal-data treatment '" + s + "'; expected one of keep, minimise, drop");
        }
    }

    /**
     * What the transform needs to know.
     *
     * @param treatment     what to do
     * @param key           HMAC key for pseudonyms (per agreement)
     * @param personalIps   whether IP addresses count as personal
     * @param isIndividual  whether an identity id is a known individual
     * @param pseudonymIdOf the id already given to a pseudonymised SCO, or null
     */
    public record Context(Treatment treatment, byte[] key, boolean personalIps, Predicate<String> isIndividual,
                          Function<String, String> pseudonymIdOf) {
    }

    /** The result of a transform. */
    public sealed interface Outcome {
    }

    /**
     * The object, possibly changed.
     *
     * @param object  the transformed object
     * @param changes plain-words list of what was changed
     * @param newIds  ids of personal SCOs that were pseudonymised (old id to new id, possibly equal), for the caller to remember
     */
    public record Kept(JsonObject object, List<String> changes, Map<String, String> newIds) implements Outcome {
    }

    /** The object must not leave: it is personal, or it cannot stand without personal objects. */
    public record Dropped(String reason) implements Outcome {
    }

    static final String PSEUDONYM_DOMAIN = "pseudonym.invalid";
    private static final Pattern PSEUDONYM = Pattern.compile("pseudonym-[0-9a-f]{16}(@pseudonym\\.invalid)?");
    /** Hex characters of a pseudonym: 64 bits, plenty to keep a partner's correlations apart. */
    private static final int PSEUDONYM_HEX = 16;
    private static final int IPV4_PREFIX = 24;
    private static final int IPV6_PREFIX = 48;
    private static final Set<String> FREE_TEXT = Set.of("description", "content", "abstract", "explanation", "body",
            "subject", "contact_information");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
    private static final Pattern NATIONAL_ID = Pattern.compile("(?<![0-9A-Za-z-])(\\d{17}[0-9Xx]|\\d{3}-\\d{2}-\\d{4})(?![0-9A-Za-z-])");
    private static final Pattern PHONE = Pattern.compile("(?<![\\w.+-])(\\+\\d{1,3}[ -]?)?(\\(\\d{1,4}\\)[ -]?)?\\d{2,4}([ -]\\d{2,5}){1,4}(?![\\w.-])"
            + "|(?<![\\w.+-])\\+\\d{8,15}(?![\\w.-])");
    private static final Pattern IPV4 = Pattern.compile("(?<![\\w.])(\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3})(/\\d{1,2})?(?![\\w.])");
    private static final Pattern IPV6 = Pattern.compile("(?<![\\w:])([0-9A-Fa-f]{0,4}(:[0-9A-Fa-f]{0,4}){2,7})(/\\d{1,3})?(?![\\w:])");
    /** Least digits in a phone number (national numbers without prefix are at least this long). */
    private static final int PHONE_MIN_DIGITS = 9;
    private static final int PHONE_MAX_DIGITS = 15;
    /** References a relationship or sighting cannot lose. */
    private static final Map<String, Set<String>> REQUIRED_REFS = Map.of(
            "relationship", Set.of("source_ref", "target_ref"),
            "sighting", Set.of("sighting_of_ref"),
            "report", Set.of("object_refs"),
            "grouping", Set.of("object_refs"),
            "note", Set.of("object_refs"),
            "opinion", Set.of("object_refs"),
            "observed-data", Set.of("object_refs"));

    /** One HMAC engine per thread: looking up the provider costs more than the HMAC itself. */
    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    });

    private PersonalData() {
    }

    /**
     * Where personal information is in the object: one entry per field, such
     * as {@code value (e-mail address)} or {@code description (phone number)}.
     */
    public static List<String> find(JsonObject o, boolean personalIps, Predicate<String> isIndividual) {
        List<String> found = new ArrayList<>(0);
        String type = o.getString("type");
        if (type == null) {
            return found;
        }
        switch (type) {
            case "identity" -> {
                if ("individual".equals(o.getString("identity_class"))) {
                    personalField(o, "name", "name of a person", found);
                    personalField(o, "description", "description of a person", found);
                    personalField(o, "contact_information", "contact information of a person", found);
                }
            }
            case "email-addr" -> {
                personalField(o, "value", "e-mail address", found);
                personalField(o, "display_name", "name of a person", found);
            }
            case "user-account" -> {
                personalField(o, "user_id", "user account id", found);
                personalField(o, "account_login", "user account login", found);
                personalField(o, "display_name", "name of a person", found);
                personalField(o, "credential", "credential", found);
            }
            case "location" -> personalField(o, "street_address", "street address", found);
            case "ipv4-addr", "ipv6-addr" -> {
                String v = o.getString("value");
                if (personalIps && v != null && !generalised(v, type.equals("ipv4-addr"))) {
                    found.add("value (IP address)");
                }
            }
            default -> {
            }
        }
        for (int i = 0; i < o.size(); i++) {
            String k = o.keyAt(i);
            if (FREE_TEXT.contains(k) && o.valueAt(i) instanceof JsonString s && !found.contains(k)) {
                String what = scanText(s.value(), personalIps, o.getString("pattern"));
                if (what != null) {
                    found.add(k + " (" + what + " in text)");
                }
            }
        }
        return found;
    }

    /** True when the object itself is personal (a person's identity, an e-mail address, a user account, or a personal IP). */
    public static boolean isPersonalObject(JsonObject o, boolean personalIps) {
        String type = o.getString("type");
        if (type == null) {
            return false;
        }
        return switch (type) {
            case "identity" -> "individual".equals(o.getString("identity_class"));
            case "email-addr", "user-account" -> true;
            case "ipv4-addr", "ipv6-addr" -> personalIps;
            default -> false;
        };
    }

    /** Applies the treatment. KEEP returns the object unchanged. */
    public static Outcome apply(JsonObject o, Context ctx) {
        if (ctx.treatment() == Treatment.KEEP) {
            return new Kept(o, List.of(), Map.of());
        }
        String type = o.getString("type");
        List<String> changes = new ArrayList<>(0);
        Map<String, String> newIds = Map.of();
        if (isPersonalObject(o, ctx.personalIps())) {
            if (ctx.treatment() == Treatment.DROP) {
                return new Dropped("the object is personal information (" + describeType(o) + ") and personal information is dropped");
            }
            String before = o.getString("id");
            o = minimiseObject(o, ctx, changes);
            if (o.getString("type").endsWith("-addr") || o.getString("type").equals("user-account")) {
                newIds = Map.of(before, o.getString("id")); // SCOs: remember even an unchanged id, so references resolve
            }
        } else if ("location".equals(type) && o.has("street_address")) {
            o = Props.without(o, "street_address");
            changes.add("dropped street_address (street address)");
        }
        // free text
        for (String k : FREE_TEXT) {
            if (o.get(k) instanceof JsonString s) {
                String cleaned = cleanText(s.value(), ctx, changes, k, o.getString("pattern"));
                if (!cleaned.equals(s.value())) {
                    o = o.with(k, new JsonString(cleaned));
                }
            }
        }
        // references
        Set<String> required = REQUIRED_REFS.getOrDefault(type, Set.of());
        List<String> keys = new ArrayList<>(o.keys());
        for (String k : keys) {
            JsonValue v = o.get(k);
            if (k.endsWith("_ref") && v instanceof JsonString s) {
                String mapped = mapRef(s.value(), ctx);
                if (mapped == null) {
                    if (required.contains(k)) {
                        return new Dropped(k + " points to personal information that is not shared (" + s.value() + ")");
                    }
                    o = Props.without(o, k);
                    changes.add("removed " + k + " (points to personal information)");
                } else if (!mapped.equals(s.value())) {
                    o = o.with(k, new JsonString(mapped));
                    changes.add("rewrote " + k + " to the pseudonymised object " + mapped);
                }
            } else if (k.endsWith("_refs") && v instanceof JsonArray arr) {
                List<String> out = new ArrayList<>(arr.size());
                boolean changed = false;
                for (String id : arr.strings()) {
                    String mapped = mapRef(id, ctx);
                    if (mapped == null || !mapped.equals(id)) {
                        changed = true;
                    }
                    if (mapped != null && !out.contains(mapped)) {
                        out.add(mapped);
                    }
                }
                if (changed) {
                    if (out.isEmpty()) {
                        if (required.contains(k)) {
                            return new Dropped(k + " points only to personal information that is not shared");
                        }
                        o = Props.without(o, k);
                        changes.add("removed " + k + " (points only to personal information)");
                    } else {
                        o = o.with(k, JsonArray.ofStrings(out));
                        changes.add("removed or rewrote references to personal information in " + k);
                    }
                }
            }
        }
        return new Kept(o, changes, newIds);
    }

    /** A pseudonym for a value under a key: {@code pseudonym-} and 16 hex digits of HMAC-SHA256(key, kind:value). */
    public static String pseudonym(byte[] key, String kind, String value) {
        try {
            Mac mac = MACS.get();
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] h = mac.doFinal((kind + ":" + value).getBytes(StandardCharsets.UTF_8));
            return "pseudonym-" + HexFormat.of().formatHex(h).substring(0, PSEUDONYM_HEX);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Generalises an IP address to its /24 (IPv4) or /48 (IPv6) network, e.g. {@code 203.0.113.0/24}. */
    public static String generalise(String ip) {
        String addr = ip;
        int slash = ip.indexOf('/');
        int prefix = -1;
        if (slash >= 0) {
            addr = ip.substring(0, slash);
            prefix = Integer.parseInt(ip.substring(slash + 1));
        }
        byte[] bytes;
        try {
            if (!addr.matches("[0-9A-Fa-f:.]+")) {
                throw new IllegalArgumentException("not an IP address: " + ip);
            }
            bytes = InetAddress.getByName(addr).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + ip, e);
        }
        int target = bytes.length == 4 ? IPV4_PREFIX : IPV6_PREFIX;
        int bits = prefix >= 0 ? Math.min(prefix, target) : target;
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - i * 8));
            bytes[i] = (byte) (bytes[i] & (0xFF << (8 - keep)));
        }
        try {
            String text = InetAddress.getByAddress(bytes).getHostAddress();
            if (bytes.length == 16) {
                text = compressIpv6(bytes);
            }
            return text + "/" + bits;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String compressIpv6(byte[] b) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] == 0) {
                int j = i;
                while (j < 8 && groups[j] == 0) {
                    j++;
                }
                if (j - i > bestLen && j - i >= 2) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append(i == 0 ? "::" : ":");
                i += bestLen - 1;
                continue;
            }
            sb.append(Integer.toHexString(groups[i]));
            if (i < 7) {
                sb.append(':');
            }
        }
        return sb.toString();
    }

    static boolean generalised(String value, boolean v4) {
        int slash = value.indexOf('/');
        if (slash < 0) {
            return false;
        }
        try {
            int prefix = Integer.parseInt(value.substring(slash + 1));
            return prefix <= (v4 ? IPV4_PREFIX : IPV6_PREFIX);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void personalField(JsonObject o, String key, String what, List<String> found) {
        if (o.get(key) instanceof JsonString s && !isPseudonym(s.value())) {
            found.add(key + " (" + what + ")");
        } else if (o.has(key) && !(o.get(key) instanceof JsonString)) {
            found.add(key + " (" + what + ")");
        }
    }

    static boolean isPseudonym(String s) {
        return s.startsWith("pseudonym-") && PSEUDONYM.matcher(s).matches();
    }

    private static String describeType(JsonObject o) {
        return switch (o.getString("type")) {
            case "identity" -> "a person's identity";
            case "email-addr" -> "an e-mail address";
            case "user-account" -> "a user account";
            default -> "an IP address treated as personal";
        };
    }

    private static JsonObject minimiseObject(JsonObject o, PersonalData.Context ctx, List<String> changes) {
        String type = o.getString("type");
        switch (type) {
            case "identity" -> {
                if (o.get("name") instanceof JsonString n && !isPseudonym(n.value())) {
                    o = o.with("name", new JsonString(pseudonym(ctx.key(), "person", n.value())));
                    changes.add("pseudonymised name");
                }
                for (String k : List.of("description", "contact_information")) {
                    if (o.has(k)) {
                        o = Props.without(o, k);
                        changes.add("dropped " + k);
                    }
                }
                return o;
            }
            case "email-addr" -> {
                if (o.get("value") instanceof JsonString v && !isPseudonym(v.value())) {
                    o = o.with("value", new JsonString(pseudonym(ctx.key(), "email", v.value().toLowerCase(Locale.ROOT))
                            + "@" + PSEUDONYM_DOMAIN));
                    changes.add("pseudonymised value (e-mail address)");
                }
                if (o.has("display_name")) {
                    o = Props.without(o, "display_name");
                    changes.add("dropped display_name");
                }
                return reId(o, ctx, changes);
            }
            case "user-account" -> {
                for (String k : List.of("user_id", "account_login")) {
                    if (o.get(k) instanceof JsonString v && !isPseudonym(v.value())) {
                        o = o.with(k, new JsonString(pseudonym(ctx.key(), "account", v.value())));
                        changes.add("pseudonymised " + k);
                    }
                }
                for (String k : List.of("display_name", "credential")) {
                    if (o.has(k)) {
                        o = Props.without(o, k);
                        changes.add("dropped " + k);
                    }
                }
                return reId(o, ctx, changes);
            }
            case "ipv4-addr", "ipv6-addr" -> {
                String v = o.getString("value");
                if (v != null && !generalised(v, type.equals("ipv4-addr"))) {
                    try {
                        o = o.with("value", new JsonString(generalise(v)));
                        changes.add("generalised value to " + o.getString("value"));
                    } catch (IllegalArgumentException e) {
                        o = o.with("value", new JsonString(type.equals("ipv4-addr") ? "0.0.0.0/0" : "::/0"));
                        changes.add("replaced unparseable address with the whole address space");
                    }
                }
                return reId(o, ctx, changes);
            }
            default -> {
                return o;
            }
        }
    }

    private static JsonObject reId(JsonObject o, Context ctx, List<String> changes) {
        String old = o.getString("id");
        String id = ScoIds.deterministic(o).orElse(old);
        if (!id.equals(old)) {
            changes.add("recomputed id " + old + " -> " + id);
            return o.with("id", new JsonString(id));
        }
        return o;
    }

    /** The id a reference should carry after the treatment; the same id, a pseudonymised SCO's id, or null to remove it. */
    private static String mapRef(String id, Context ctx) {
        int sep = id.indexOf("--");
        String type = sep < 0 ? "" : id.substring(0, sep);
        boolean personalSco = type.equals("email-addr") || type.equals("user-account")
                || ctx.personalIps() && (type.equals("ipv4-addr") || type.equals("ipv6-addr"));
        if (personalSco) {
            if (ctx.treatment() == Treatment.DROP) {
                return null;
            }
            String mapped = ctx.pseudonymIdOf() == null ? null : ctx.pseudonymIdOf().apply(id);
            if (mapped != null) {
                return mapped;
            }
            return null;
        }
        if (type.equals("identity") && ctx.treatment() == Treatment.DROP && ctx.isIndividual() != null
                && ctx.isIndividual().test(id)) {
            return null;
        }
        return id;
    }

    /**
     * The first kind of personal information in a text, or null. Values that
     * also appear in the object's STIX pattern are the indicator itself (an
     * attacker's address), not personal information, and are left alone.
     */
    static String scanText(String text, boolean personalIps, String pattern) {
        boolean at = false;
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '@') {
                at = true;
            } else if (c >= '0' && c <= '9') {
                digits++;
            }
        }
        if (at) {
            Matcher m = EMAIL.matcher(text);
            while (m.find()) {
                if (!m.group().endsWith("@" + PSEUDONYM_DOMAIN) && !inPattern(m.group(), pattern)) {
                    return "e-mail address";
                }
            }
        }
        if (digits >= PHONE_MIN_DIGITS) {
            Matcher n = NATIONAL_ID.matcher(text);
            while (n.find()) {
                if (!inPattern(n.group(), pattern)) {
                    return "national id number";
                }
            }
            Matcher m = PHONE.matcher(text);
            while (m.find()) {
                if (isPhone(m.group()) && !inPattern(m.group(), pattern)) {
                    return "phone number";
                }
            }
        }
        if (personalIps && digits >= 4) {
            Matcher m = IPV4.matcher(text);
            while (m.find()) {
                if (validIpv4(m.group(1)) && !generalised(m.group(), true) && !inPattern(m.group(), pattern)) {
                    return "IP address";
                }
            }
        }
        if (personalIps && text.indexOf(':') >= 0) {
            Matcher m = IPV6.matcher(text);
            while (m.find()) {
                if (validIpv6(m.group(1)) && !generalised(m.group(), false) && !inPattern(m.group(), pattern)) {
                    return "IP address";
                }
            }
        }
        return null;
    }

    private static boolean isPhone(String s) {
        int digits = 0;
        for (int i = 0; i < s.length(); i++) {
            if (Character.isDigit(s.charAt(i))) {
                digits++;
            }
        }
        boolean shaped = s.startsWith("+") || s.indexOf('(') >= 0 || s.indexOf('-') >= 0;
        return shaped && digits >= PHONE_MIN_DIGITS && digits <= PHONE_MAX_DIGITS;
    }

    private static boolean validIpv4(String s) {
        for (String part : s.split("\\.")) {
            if (part.length() > 3 || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean validIpv6(String s) {
        if (s.chars().filter(c -> c == ':').count() < 2 || s.contains(":::")) {
            return false;
        }
        try {
            return InetAddress.getByName(s).getAddress().length == 16;
        } catch (UnknownHostException | RuntimeException e) {
            return false;
        }
    }

    private static boolean inPattern(String value, String pattern) {
        return pattern != null && pattern.contains(value);
    }

    private static String cleanText(String text, Context ctx, List<String> changes, String field, String pattern) {
        if (scanText(text, ctx.personalIps(), pattern) == null) {
            return text;
        }
        boolean drop = ctx.treatment() == Treatment.DROP;
        Map<String, Integer> counts = new LinkedHashMap<>();
        String out = replace(EMAIL, text, m -> {
            if (m.endsWith("@" + PSEUDONYM_DOMAIN) || inPattern(m, pattern)) {
                return m;
            }
            counts.merge("e-mail address", 1, Integer::sum);
            return drop ? "[e-mail address removed]"
                    : pseudonym(ctx.key(), "email", m.toLowerCase(Locale.ROOT)) + "@" + PSEUDONYM_DOMAIN;
        });
        out = replace(NATIONAL_ID, out, m -> {
            if (inPattern(m, pattern)) {
                return m;
            }
            counts.merge("national id number", 1, Integer::sum);
            return "[national id removed]";
        });
        out = replace(PHONE, out, m -> {
            if (!isPhone(m) || inPattern(m, pattern)) {
                return m;
            }
            counts.merge("phone number", 1, Integer::sum);
            return drop ? "[phone number removed]" : "[phone " + pseudonym(ctx.key(), "phone", m.replaceAll("[^0-9+]", "")) + "]";
        });
        if (ctx.personalIps()) {
            out = replace(IPV4, out, m -> {
                int slash = m.indexOf('/');
                String addr = slash < 0 ? m : m.substring(0, slash);
                if (!validIpv4(addr) || generalised(m, true) || inPattern(m, pattern)) {
                    return m;
                }
                counts.merge("IP address", 1, Integer::sum);
                return drop ? "[IP address removed]" : generalise(m);
            });
            out = replace(IPV6, out, m -> {
                int slash = m.indexOf('/');
                String addr = slash < 0 ? m : m.substring(0, slash);
                if (!validIpv6(addr) || generalised(m, false) || inPattern(m, pattern)) {
                    return m;
                }
                counts.merge("IP address", 1, Integer::sum);
                return drop ? "[IP address removed]" : generalise(m);
            });
        }
        counts.forEach((what, n) -> changes.add((drop ? "removed " : "minimised ") + n + " " + what
                + (n == 1 ? "" : "(s)") + " in " + field));
        return out;
    }

    private static String replace(Pattern p, String text, Function<String, String> f) {
        Matcher m = p.matcher(text);
        StringBuilder sb = null;
        int last = 0;
        while (m.find()) {
            String rep = f.apply(m.group());
            if (rep.equals(m.group())) {
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(text.length());
            }
            sb.append(text, last, m.start()).append(rep);
            last = m.end();
        }
        if (sb == null) {
            return text;
        }
        sb.append(text, last, text.length());
        return sb.toString();
    }
}
