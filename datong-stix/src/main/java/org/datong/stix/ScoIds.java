package org.datong.stix;

import org.datong.stix.json.Canonical;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonString;
import org.datong.stix.json.JsonValue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Deterministic identifiers for STIX Cyber-observable Objects (STIX 2.1
 * sections 2.9 and 3.4).
 *
 * <p>The id of an SCO is {@code type--UUIDv5(namespace, name)} where the
 * namespace is {@value #NAMESPACE_TEXT} and the name is the RFC 8785 canonical
 * JSON of an object holding the type's "ID Contributing Properties" that are
 * present on the SCO. When a contributing property is {@code hashes}, only one
 * hash is kept: MD5, else SHA-1, else SHA-256, else SHA-512, else the first
 * hash listed (as the reference implementation, python-stix2, does). When none
 * of the contributing properties is present (and always for {@code process},
 * which has none) the specification requires a random UUIDv4.
 *
 * <p>Only the 18 SCO types of section 6 are known; for other types there is
 * no defined set of contributing properties.
 */
public final class ScoIds {
    private static final String NAMESPACE_TEXT = "00abedb4-aa42-466c-9c01-fed23315a9b7";
    /** The namespace section 2.9 fixes for SCO ids. */
    public static final UUID NAMESPACE = UUID.fromString(NAMESPACE_TEXT);

    /** Order of preference when one hash has to be chosen (sections 6.1, 6.7, 6.18). */
    private static final List<String> HASH_PREFERENCE = List.of("MD5", "SHA-1", "SHA-256", "SHA-512");

    /** ID Contributing Properties of each SCO type, in the order section 6 lists them. */
    private static final Map<String, List<String>> CONTRIBUTING = Map.ofEntries(
            Map.entry("artifact", List.of("hashes", "payload_bin")),
            Map.entry("autonomous-system", List.of("number")),
            Map.entry("directory", List.of("path")),
            Map.entry("domain-name", List.of("value")),
            Map.entry("email-addr", List.of("value")),
            Map.entry("email-message", List.of("from_ref", "subject", "body")),
            Map.entry("file", List.of("hashes", "name", "extensions", "parent_directory_ref")),
            Map.entry("ipv4-addr", List.of("value")),
            Map.entry("ipv6-addr", List.of("value")),
            Map.entry("mac-addr", List.of("value")),
            Map.entry("mutex", List.of("name")),
            Map.entry("network-traffic", List.of("start", "end", "src_ref", "dst_ref", "src_port", "dst_port",
                    "protocols", "extensions")),
            Map.entry("process", List.of()),
            Map.entry("software", List.of("name", "cpe", "swid", "vendor", "version")),
            Map.entry("url", List.of("value")),
            Map.entry("user-account", List.of("account_type", "user_id", "account_login")),
            Map.entry("windows-registry-key", List.of("key", "values")),
            Map.entry("x509-certificate", List.of("hashes", "serial_number")));

    private ScoIds() {
    }

    /**
     * The id the specification gives this SCO: {@code type--UUIDv5} over its
     * ID Contributing Properties, or {@code type--UUIDv4} (random) when it has
     * none of them. Any {@code id} already on the object is ignored.
     *
     * @throws IllegalArgumentException when {@code type} is missing or not one of the 18 SCO types
     */
    public static String compute(JsonObject sco) {
        String type = requireScoType(sco);
        return deterministic(sco).orElseGet(() -> type + "--" + UUID.randomUUID());
    }

    /**
     * The deterministic {@code type--UUIDv5} id, or empty when the SCO has
     * none of its type's ID Contributing Properties (a UUIDv4 is then due).
     *
     * @throws IllegalArgumentException when {@code type} is missing or not one of the 18 SCO types
     */
    public static Optional<String> deterministic(JsonObject sco) {
        String type = requireScoType(sco);
        JsonObject name = contributing(sco, CONTRIBUTING.get(type));
        if (name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(type + "--" + uuid5(NAMESPACE, Canonical.toString(name)));
    }

    /** A copy of the SCO with {@code id} set to {@link #compute}, placed right after {@code type}. */
    public static JsonObject withId(JsonObject scoWithoutId) {
        String id = compute(scoWithoutId);
        JsonObject.Builder b = JsonObject.builder();
        boolean placed = false;
        for (int i = 0; i < scoWithoutId.size(); i++) {
            String key = scoWithoutId.keyAt(i);
            if ("id".equals(key)) {
                continue;
            }
            b.put(key, scoWithoutId.valueAt(i));
            if ("type".equals(key)) {
                b.put("id", new JsonString(id));
                placed = true;
            }
        }
        if (!placed) {
            b.put("id", new JsonString(id));
        }
        return b.build();
    }

    /** The ID Contributing Properties of an SCO type, empty for process and for unknown types. */
    public static List<String> contributingProperties(String type) {
        return CONTRIBUTING.getOrDefault(type, List.of());
    }

    /** An RFC 4122 name-based UUID, version 5 (SHA-1), over the UTF-8 bytes of the name. */
    public static UUID uuid5(UUID namespace, String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-1", e);
        }
        ByteBuffer ns = ByteBuffer.allocate(16);
        ns.putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
        sha1.update(ns.array());
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // RFC 4122 variant
        ByteBuffer bb = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bb.getLong(), bb.getLong());
    }

    private static String requireScoType(JsonObject sco) {
        String type = sco.getString("type");
        if (type == null) {
            throw new IllegalArgumentException("an SCO needs a string 'type' property");
        }
        if (!CONTRIBUTING.containsKey(type)) {
            throw new IllegalArgumentException("'" + type + "' is not one of the STIX 2.1 cyber-observable types");
        }
        return type;
    }

    private static JsonObject contributing(JsonObject sco, List<String> properties) {
        JsonObject.Builder b = JsonObject.builder();
        for (String p : properties) {
            JsonValue v = sco.get(p);
            if (v == null) {
                continue;
            }
            if ("hashes".equals(p) && v instanceof JsonObject hashes) {
                JsonObject one = oneHash(hashes);
                if (one != null) {
                    b.put(p, one);
                }
                continue;
            }
            b.put(p, v);
        }
        return b.build();
    }

    private static JsonObject oneHash(JsonObject hashes) {
        for (String algorithm : HASH_PREFERENCE) {
            JsonValue v = hashes.get(algorithm);
            if (v != null) {
                return JsonObject.builder().put(algorithm, v).build();
            }
        }
        return hashes.isEmpty() ? null : JsonObject.builder().put(hashes.keyAt(0), hashes.valueAt(0)).build();
    }
}
