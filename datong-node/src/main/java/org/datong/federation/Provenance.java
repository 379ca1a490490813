package org.datong.federation;

import org.datong.stix.json.Canonical;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonValue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Signed provenance on every STIX object that crosses a node's border, held
 * in a Datong property extension ({@link #EXTENSION_ID}, defined by
 * {@link #extensionDefinition()}).
 *
 * <p>Design. The <em>origin</em> signs the RFC 8785 canonical form of the
 * object without this extension (a detached compact JWS, alg EdDSA, kid =
 * the signer's STIX identity id) and states the SHA-256 digest of those
 * bytes. Every node that relays the object appends a <em>hop</em>: a JWS over
 * the canonical form of {@code {"digest": D, "previous": P}}, where P is the
 * previous element (origin or hop) in full, signer, key and signature
 * included. Each element names its signer and carries its public key, so a
 * receiver that knows only its direct partner can still check the chain:
 *
 * <ul>
 *   <li>the digest must match the object as received, else {@code altered};</li>
 *   <li>every signature must verify with the key in its element, else {@code bad-signature};</li>
 *   <li>an element whose signer the receiver knows must use the registered key, else {@code bad-signature};</li>
 *   <li>the last element (the node that handed the object over) must be a known signer,
 *       else {@code unknown-signer}: its hop vouches for everything before it;</li>
 *   <li>at most {@value #MAX_HOPS} hops, else {@code hop-limit}.</li>
 * </ul>
 *
 * <p>A relay that changes the object (a redaction under its own policy) can
 * no longer keep the origin's signature: it signs as a new origin and names
 * the original signer in {@code derived_from}, which is informative only.
 */
public final class Provenance {
    /** The Datong extension definition's id; fixed and shipped with Datong. */
    public static final String EXTENSION_ID = "extension-definition--8e549480-810b-4c27-b462-58e1e0088c12";
    /** The most relays an object may pass through; beyond this it is refused, which also ends any loop. */
    public static final int MAX_HOPS = 8;
    private static final String DIGEST_PREFIX = "sha256:";
    private static final java.util.Set<String> EXTENSION_MEMBERS =
            java.util.Set.of("extension_type", "digest", "origin", "hops", "derived_from");

    private Provenance() {
    }

    /** Looks up the registered public key of a signer; null when the signer is unknown. */
    @FunctionalInterface
    public interface Keys {
        PublicKey keyOf(String identityId);
    }

    /** One signature in the chain: who signed, with which key (base64url raw), and the detached JWS. */
    public record Signer(String identity, String publicKey, String jws) {
        JsonObject toJson() {
            return JsonObject.builder().put("signer", identity).put("public_key", publicKey).put("jws", jws).build();
        }
    }

    /** Why an object was refused. */
    public enum Rule {
        UNSIGNED, MALFORMED, UNKNOWN_SIGNER, BAD_SIGNATURE, ALTERED, HOP_LIMIT;

        /** The rule as written in ledgers and messages: {@code unknown-signer}, ... */
        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** The outcome of {@link #verify}. */
    public sealed interface Result permits Verified, Refused {
    }

    /**
     * The chain checked out.
     *
     * @param origin the node that first signed the object
     * @param hops   the relays in order; the last one handed the object over (empty when it came from the origin)
     * @param digest the digest of the object's canonical form without the extension
     */
    public record Verified(Signer origin, List<Signer> hops, String digest) implements Result {
        /** The node that handed the object over: the last hop, or the origin. */
        public Signer sender() {
            return hops.isEmpty() ? origin : hops.getLast();
        }
    }

    /** The object must not be accepted. */
    public record Refused(Rule rule, String reason) implements Result {
    }

    /** The STIX extension-definition object for {@link #EXTENSION_ID}. */
    public static JsonObject extensionDefinition() {
        try (InputStream in = Provenance.class.getResourceAsStream("extension-definition.json")) {
            if (in == null) {
                throw new IllegalStateException("extension-definition.json is missing from the Datong jar");
            }
            return Json.parse(in).asObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when the object carries a Datong provenance extension (signed or not valid). */
    public static boolean isSigned(JsonObject object) {
        return extension(object) != null;
    }

    /** The object without the Datong provenance extension: exactly what the origin signed. */
    public static JsonObject strip(JsonObject object) {
        JsonObject ext = object.getObject("extensions");
        if (ext == null || !ext.has(EXTENSION_ID)) {
            return object;
        }
        JsonObject rest = ext.without(EXTENSION_ID);
        return rest.isEmpty() ? object.without("extensions") : object.with("extensions", rest);
    }

    /** The SHA-256 digest of the object's canonical form without the extension, as {@code sha256:HEX}. */
    public static String digest(JsonObject object) {
        return digestOfBytes(Canonical.toBytes(strip(object)));
    }

    /**
     * Signs the object as its origin, replacing any provenance it carried.
     * When {@code derivedFrom} is not null, the signature it replaces is named
     * as the source this object was derived from (for example by redaction).
     */
    public static JsonObject signAsOrigin(JsonObject object, NodeIdentity me, Signer derivedFrom) {
        JsonObject base = strip(object);
        byte[] canonical = Canonical.toBytes(base);
        Signer origin = new Signer(me.id(), me.publicKeyText(), me.signJws(canonical));
        JsonObject.Builder ext = JsonObject.builder()
                .put("extension_type", "property-extension")
                .put("digest", digestOfBytes(canonical))
                .put("origin", origin.toJson())
                .put("hops", JsonArray.EMPTY);
        if (derivedFrom != null) {
            ext.put("derived_from", JsonObject.builder().put("signer", derivedFrom.identity())
                    .put("jws", derivedFrom.jws()).build());
        }
        return withExtension(base, ext.build());
    }

    /**
     * Adds this node's hop signature to an object that already verified.
     *
     * @throws IllegalStateException when the object already has {@value #MAX_HOPS} hops
     */
    public static JsonObject addHop(JsonObject object, Verified chain, NodeIdentity me) {
        if (chain.hops().size() >= MAX_HOPS) {
            throw new IllegalStateException("object already passed " + MAX_HOPS + " relays; it goes no further");
        }
        Signer previous = chain.sender();
        byte[] payload = hopPayload(chain.digest(), previous);
        Signer hop = new Signer(me.id(), me.publicKeyText(), me.signJws(payload));
        JsonObject ext = extension(object);
        List<JsonValue> hops = new ArrayList<>(chain.hops().size() + 1);
        for (Signer s : chain.hops()) {
            hops.add(s.toJson());
        }
        hops.add(hop.toJson());
        return withExtension(strip(object), ext.with("hops", JsonArray.of(hops)));
    }

    /** Verifies the provenance chain against the receiver's registered keys. */
    public static Result verify(JsonObject object, Keys keys) {
        JsonObject ext = extension(object);
        if (ext == null) {
            return new Refused(Rule.UNSIGNED, "object " + object.getString("id") + " carries no Datong signature");
        }
        String id = object.getString("id");
        String stated = ext.getString("digest");
        JsonObject originJson = ext.getObject("origin");
        JsonArray hopsJson = ext.getArray("hops");
        if (stated == null || originJson == null || (ext.has("hops") && hopsJson == null)
                || !"property-extension".equals(ext.getString("extension_type"))) {
            return new Refused(Rule.MALFORMED, "provenance of " + id + " needs extension_type property-extension, digest, origin and hops");
        }
        for (String member : ext.keys()) {
            if (!EXTENSION_MEMBERS.contains(member)) {
                return new Refused(Rule.MALFORMED, "provenance of " + id + " has an unknown member '" + member + "'");
            }
        }
        List<Signer> chain = new ArrayList<>();
        try {
            chain.add(signer(originJson, "origin"));
            if (hopsJson != null) {
                for (int i = 0; i < hopsJson.size(); i++) {
                    if (!(hopsJson.get(i) instanceof JsonObject h)) {
                        return new Refused(Rule.MALFORMED, "provenance of " + id + ": hops[" + i + "] is not an object");
                    }
                    chain.add(signer(h, "hops[" + i + "]"));
                }
            }
        } catch (IllegalArgumentException e) {
            return new Refused(Rule.MALFORMED, "provenance of " + id + ": " + e.getMessage());
        }
        if (chain.size() - 1 > MAX_HOPS) {
            return new Refused(Rule.HOP_LIMIT, id + " passed " + (chain.size() - 1) + " relays, more than " + MAX_HOPS);
        }
        byte[] canonical = Canonical.toBytes(strip(object));
        String digest = digestOfBytes(canonical);
        if (!digest.equals(stated)) {
            return new Refused(Rule.ALTERED, id + " was changed after it was signed (digest " + digest + ", signed " + stated + ")");
        }
        for (int i = 0; i < chain.size(); i++) {
            Signer s = chain.get(i);
            String where = i == 0 ? "origin" : "hop " + i;
            PublicKey embedded = Ed25519.decodePublicKey(s.publicKey());
            PublicKey registered = keys.keyOf(s.identity());
            if (registered != null && !registered.equals(embedded)) {
                return new Refused(Rule.BAD_SIGNATURE, where + " of " + id + " claims to be " + s.identity()
                        + " but used a key that is not its registered key");
            }
            byte[] payload = i == 0 ? canonical : hopPayload(digest, chain.get(i - 1));
            if (!DetachedJws.verify(DetachedJws.parse(s.jws()), embedded, payload)) {
                return new Refused(Rule.BAD_SIGNATURE, where + " signature by " + s.identity() + " on " + id
                        + " does not verify" + (i == 0 ? " (the object or its digest was altered, or the signature forged)" : ""));
            }
        }
        Signer sender = chain.getLast();
        if (keys.keyOf(sender.identity()) == null) {
            return new Refused(Rule.UNKNOWN_SIGNER, id + " was last signed by " + sender.identity()
                    + ", which is not a known partner");
        }
        return new Verified(chain.getFirst(), List.copyOf(chain.subList(1, chain.size())), digest);
    }

    /** Every identity that signed the object, origin first; empty when unsigned or malformed. */
    public static List<String> signers(JsonObject object) {
        JsonObject ext = extension(object);
        if (ext == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        JsonObject origin = ext.getObject("origin");
        if (origin != null && origin.getString("signer") != null) {
            out.add(origin.getString("signer"));
        }
        JsonArray hops = ext.getArray("hops");
        if (hops != null) {
            for (JsonValue h : hops) {
                if (h instanceof JsonObject o && o.getString("signer") != null) {
                    out.add(o.getString("signer"));
                }
            }
        }
        return out;
    }

    private static Signer signer(JsonObject json, String where) {
        String identity = json.getString("signer");
        String key = json.getString("public_key");
        String jws = json.getString("jws");
        if (identity == null || key == null || jws == null) {
            throw new IllegalArgumentException(where + " needs signer, public_key and jws");
        }
        DetachedJws.Parsed parsed = DetachedJws.parse(jws);
        if (!parsed.kid().equals(identity)) {
            throw new IllegalArgumentException(where + " JWS kid " + parsed.kid() + " is not the signer " + identity);
        }
        Ed25519.decodePublicKey(key);
        return new Signer(identity, key, jws);
    }

    private static byte[] hopPayload(String digest, Signer previous) {
        return Canonical.toBytes(JsonObject.builder().put("digest", digest).put("previous", previous.toJson()).build());
    }

    private static JsonObject extension(JsonObject object) {
        JsonObject ext = object.getObject("extensions");
        return ext == null ? null : ext.getObject(EXTENSION_ID);
    }

    private static JsonObject withExtension(JsonObject base, JsonObject ext) {
        JsonObject existing = base.getObject("extensions");
        JsonObject exts = (existing == null ? JsonObject.EMPTY : existing).with(EXTENSION_ID, ext);
        return base.with("extensions", exts);
    }

    private static String digestOfBytes(byte[] canonical) {
        try {
            return DIGEST_PREFIX + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
