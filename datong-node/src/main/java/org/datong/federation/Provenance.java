package org.datong.federation;

import org.datong.stix.json.Canonical;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonNumber;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonString;
import org.datong.stix.json.JsonValue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Signed provenance on every STIX object that crosses a node's border, held
 * in a Datong property extension ({@link #EXTENSION_ID}, defined by
 * {@link #extensionDefinition()}).
 *
 * <p>Design. The <em>origin</em> states the SHA-256 digest of the RFC 8785
 * canonical form of the object without this extension and signs it; every
 * node that relays the object appends a <em>hop</em> that signs
 * {@code SHA-256(canonical({"digest": D, "previous": P}))}, where P is the
 * previous element (origin or hop) in full: signer, key, signature and proof.
 * Each element names its signer (STIX identity id) and carries its public
 * key, so a receiver that knows only its direct partner can check the chain:
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
 * <p>Batches. An Ed25519 signature with the JDK provider costs about half a
 * millisecond on a small machine, which would cap sync far below 10,000
 * objects a second. So a signer signs a batch at once: the values it signs
 * (digests for origins, hop hashes for relays) are the leaves of an RFC 9162
 * Merkle tree, the detached compact JWS (alg EdDSA, kid = signer) signs the
 * 32-byte root, and each element carries its inclusion proof
 * ({@code index}, {@code size}, {@code path}). A batch of one is a tree of
 * one leaf with an empty path. Verifying a batch costs one signature check
 * (results are memoised per signature, key and root) plus a few hashes per object.
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
    private static final Set<String> EXTENSION_MEMBERS = Set.of("extension_type", "digest", "origin", "hops", "derived_from");
    /** Deepest inclusion path accepted: a tree of 2^32 leaves is far beyond any batch. */
    private static final int MAX_PATH = 32;
    /** Signature checks remembered, so a batch of objects under one root costs one check. */
    private static final int VERIFIED_CACHE_SIZE = 4096;
    private static final Map<String, Boolean> VERIFIED = Collections.synchronizedMap(
            new LinkedHashMap<>(VERIFIED_CACHE_SIZE, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > VERIFIED_CACHE_SIZE;
                }
            });

    /** Keys and JWS headers seen recently: a batch carries the same ones on every object, so each is decoded once. */
    private static final int DECODED_CACHE_SIZE = 256;
    private static final Map<String, PublicKey> KEYS = lru(DECODED_CACHE_SIZE);
    private static final Map<String, DetachedJws.Parsed> HEADERS = lru(DECODED_CACHE_SIZE);
    private static final Set<String> SIGNER_MEMBERS = Set.of("signer", "public_key", "jws", "proof");

    private Provenance() {
    }

    private static <K, V> Map<K, V> lru(int size) {
        return Collections.synchronizedMap(new LinkedHashMap<>(size, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > size;
            }
        });
    }

    /** The decoded key; throws IllegalArgumentException as {@link Ed25519#decodePublicKey} does. */
    private static PublicKey key(String text) {
        PublicKey k = KEYS.get(text);
        if (k == null) {
            k = Ed25519.decodePublicKey(text);
            KEYS.put(text, k);
        }
        return k;
    }

    /** The parsed JWS; throws IllegalArgumentException as {@link DetachedJws#parse} does. */
    private static DetachedJws.Parsed jws(String text) {
        DetachedJws.Parsed p = HEADERS.get(text);
        if (p == null) {
            p = DetachedJws.parse(text);
            HEADERS.put(text, p);
        }
        return p;
    }

    /** Looks up the registered public key of a signer; null when the signer is unknown. */
    @FunctionalInterface
    public interface Keys {
        PublicKey keyOf(String identityId);
    }

    /**
     * One signature in the chain.
     *
     * @param identity  the signer's STIX identity id
     * @param publicKey the signer's key, base64url of the raw 32 bytes
     * @param jws       detached compact JWS over the Merkle root of the signer's batch
     * @param index     this element's leaf index in the batch
     * @param size      the number of leaves in the batch
     * @param path      the inclusion path, hex SHA-256 hashes from the leaf up
     */
    public record Signer(String identity, String publicKey, String jws, long index, long size, List<String> path) {
        public Signer {
            path = List.copyOf(path);
        }

        JsonObject toJson() {
            return JsonObject.builder().put("signer", identity).put("public_key", publicKey).put("jws", jws)
                    .put("proof", JsonObject.builder().put("index", index).put("size", size)
                            .put("path", JsonArray.ofStrings(path)).build())
                    .build();
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
        public Verified {
            hops = List.copyOf(hops);
        }

        /** The node that handed the object over: the last hop, or the origin. */
        public Signer sender() {
            return hops.isEmpty() ? origin : hops.getLast();
        }

        /** Every signer, origin first. */
        public List<String> signers() {
            List<String> out = new ArrayList<>(hops.size() + 1);
            out.add(origin.identity());
            hops.forEach(h -> out.add(h.identity()));
            return out;
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

    /** True when the object carries a Datong provenance extension (valid or not). */
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
        return DIGEST_PREFIX + HEX.formatHex(Merkle.sha256(Canonical.toBytes(strip(object))));
    }

    /**
     * The digest an object's provenance states, as bare hex: the SHA-256 of
     * the canonical form of the object without the extension, which is the
     * ledger's content hash of that object. Null when there is none.
     */
    static String statedDigestHex(JsonObject object) {
        JsonObject ext = extension(object);
        String d = ext == null ? null : ext.getString("digest");
        return d != null && d.startsWith(DIGEST_PREFIX) ? d.substring(DIGEST_PREFIX.length()) : null;
    }

    /** The bare hex of a digest as {@link #digest} writes it ({@code sha256:HEX}). */
    static String hexOf(String digest) {
        if (!digest.startsWith(DIGEST_PREFIX)) {
            throw new IllegalArgumentException("not a sha256: digest: " + digest);
        }
        return digest.substring(DIGEST_PREFIX.length());
    }

    /** Starts a batch of objects this node signs with one signature. */
    public static Batch batch(NodeIdentity me) {
        return new Batch(me);
    }

    /**
     * Signs one object as its origin, replacing any provenance it carried.
     * When {@code derivedFrom} is not null, it is named as the signature this
     * object was derived from (for example by redaction).
     */
    public static JsonObject signAsOrigin(JsonObject object, NodeIdentity me, Signer derivedFrom) {
        return batch(me).origin(object, derivedFrom).sign().getFirst();
    }

    /**
     * Adds this node's hop signature to one object that verified.
     *
     * @throws IllegalStateException when the object already has {@value #MAX_HOPS} hops
     */
    public static JsonObject addHop(JsonObject object, Verified chain, NodeIdentity me) {
        return batch(me).hop(object, chain).sign().getFirst();
    }

    /**
     * Objects signed together by one node under one signature. Add objects in
     * the order they will be sent; {@link #sign} returns them signed, in that order.
     */
    public static final class Batch {
        private final NodeIdentity me;
        private final List<Pending> pending = new ArrayList<>();

        private Batch(NodeIdentity me) {
            this.me = me;
        }

        private record Pending(JsonObject base, String digest, byte[] leaf, JsonObject ext, List<JsonValue> hops) {
        }

        /** Adds an object this node signs as origin; {@code derivedFrom} may be null. */
        public Batch origin(JsonObject object, Signer derivedFrom) {
            JsonObject base = strip(object);
            byte[] digest = Merkle.sha256(Canonical.toBytes(base));
            String digestText = DIGEST_PREFIX + HEX.formatHex(digest);
            JsonObject.Builder ext = JsonObject.builder()
                    .put("extension_type", "property-extension")
                    .put("digest", digestText);
            if (derivedFrom != null) {
                ext.put("derived_from", JsonObject.builder().put("signer", derivedFrom.identity())
                        .put("jws", derivedFrom.jws()).build());
            }
            pending.add(new Pending(base, digestText, digest, ext.build(), null));
            return this;
        }

        /**
         * Adds an object this node relays unchanged, keeping its chain.
         *
         * @throws IllegalStateException when the object already has {@value #MAX_HOPS} hops
         */
        public Batch hop(JsonObject object, Verified chain) {
            if (chain.hops().size() >= MAX_HOPS) {
                throw new IllegalStateException("object " + object.getString("id") + " already passed " + MAX_HOPS
                        + " relays; it goes no further");
            }
            byte[] leaf = hopLeaf(chain.digest(), chain.sender());
            List<JsonValue> hops = new ArrayList<>(chain.hops().size() + 1);
            for (Signer s : chain.hops()) {
                hops.add(s.toJson());
            }
            pending.add(new Pending(strip(object), chain.digest(), leaf, extension(object), hops));
            return this;
        }

        public int size() {
            return pending.size();
        }

        /** Signs the batch once and returns the objects with their provenance, in the order added. */
        public List<JsonObject> sign() {
            if (pending.isEmpty()) {
                return List.of();
            }
            List<byte[]> leaves = new ArrayList<>(pending.size());
            for (Pending p : pending) {
                leaves.add(p.leaf());
            }
            Merkle.Tree tree = Merkle.build(leaves);
            String jws = me.signJws(tree.root());
            String key = me.publicKeyText();
            List<JsonObject> out = new ArrayList<>(pending.size());
            for (int i = 0; i < pending.size(); i++) {
                Pending p = pending.get(i);
                List<byte[]> hashes = tree.paths().get(i);
                List<String> path = new ArrayList<>(hashes.size());
                for (byte[] h : hashes) {
                    path.add(HEX.formatHex(h));
                }
                Signer element = new Signer(me.id(), key, jws, i, pending.size(), path);
                JsonObject ext;
                if (p.hops() == null) {
                    ext = p.ext().toBuilder().put("origin", element.toJson()).put("hops", JsonArray.EMPTY).build();
                } else {
                    List<JsonValue> hops = new ArrayList<>(p.hops());
                    hops.add(element.toJson());
                    ext = p.ext().with("hops", JsonArray.of(hops));
                }
                out.add(withExtension(p.base(), ext));
            }
            pending.clear();
            return out;
        }
    }

    /** Verifies the provenance chain against the receiver's registered keys. */
    public static Result verify(JsonObject object, Keys keys) {
        JsonObject ext = extension(object);
        String id = object.getString("id");
        if (ext == null) {
            return new Refused(Rule.UNSIGNED, "object " + id + " carries no Datong signature");
        }
        String stated = ext.getString("digest");
        JsonObject originJson = ext.getObject("origin");
        JsonArray hopsJson = ext.getArray("hops");
        if (stated == null || originJson == null || hopsJson == null
                || !"property-extension".equals(ext.getString("extension_type"))) {
            return new Refused(Rule.MALFORMED, "provenance of " + id
                    + " needs extension_type property-extension, digest, origin and hops");
        }
        for (String member : ext.keys()) {
            if (!EXTENSION_MEMBERS.contains(member)) {
                return new Refused(Rule.MALFORMED, "provenance of " + id + " has an unknown member '" + member + "'");
            }
        }
        if (hopsJson.size() > MAX_HOPS) {
            return new Refused(Rule.HOP_LIMIT, id + " passed " + hopsJson.size() + " relays, more than " + MAX_HOPS);
        }
        List<Signer> chain = new ArrayList<>();
        try {
            chain.add(signer(originJson, "origin"));
            for (int i = 0; i < hopsJson.size(); i++) {
                if (!(hopsJson.get(i) instanceof JsonObject h)) {
                    return new Refused(Rule.MALFORMED, "provenance of " + id + ": hops[" + i + "] is not an object");
                }
                chain.add(signer(h, "hops[" + i + "]"));
            }
        } catch (IllegalArgumentException e) {
            return new Refused(Rule.MALFORMED, "provenance of " + id + ": " + e.getMessage());
        }
        byte[] digestBytes = Merkle.sha256(Canonical.toBytes(strip(object)));
        String digest = DIGEST_PREFIX + HEX.formatHex(digestBytes);
        if (!digest.equals(stated)) {
            return new Refused(Rule.ALTERED, id + " was changed after it was signed (digest " + digest + ", signed " + stated + ")");
        }
        for (int i = 0; i < chain.size(); i++) {
            Signer s = chain.get(i);
            String where = i == 0 ? "origin" : "hop " + i;
            PublicKey embedded = key(s.publicKey());
            PublicKey registered = keys.keyOf(s.identity());
            if (registered != null && !registered.equals(embedded)) {
                return new Refused(Rule.BAD_SIGNATURE, where + " of " + id + " claims to be " + s.identity()
                        + " but used a key that is not its registered key");
            }
            byte[] leaf = i == 0 ? digestBytes : hopLeaf(digest, chain.get(i - 1));
            if (!signatureHolds(s, embedded, leaf)) {
                return new Refused(Rule.BAD_SIGNATURE, where + " signature by " + s.identity() + " on " + id
                        + " does not verify" + (i == 0 ? " (the object or its digest was altered, or the signature forged)" : ""));
            }
        }
        Signer sender = chain.getLast();
        if (keys.keyOf(sender.identity()) == null) {
            return new Refused(Rule.UNKNOWN_SIGNER, id + " was last signed by " + sender.identity()
                    + ", which is not a known partner");
        }
        return new Verified(chain.getFirst(), chain.subList(1, chain.size()), digest);
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

    private static boolean signatureHolds(Signer s, PublicKey key, byte[] leaf) {
        List<byte[]> path = new ArrayList<>(s.path().size());
        for (String h : s.path()) {
            path.add(HEX.parseHex(h));
        }
        byte[] root = Merkle.rootFromProof(leaf, s.index(), s.size(), path);
        if (root == null) {
            return false;
        }
        Checked last = LAST_CHECKED.get();
        if (last != null && last.holds(s, root)) {
            return true; // the same batch as the object before: most objects of a page
        }
        String memo = s.jws() + "|" + s.publicKey() + "|" + HEX.formatHex(root);
        boolean ok = VERIFIED.containsKey(memo) || DetachedJws.verify(jws(s.jws()), key, root);
        if (ok) {
            VERIFIED.put(memo, Boolean.TRUE);
            LAST_CHECKED.set(new Checked(s.jws(), s.publicKey(), root));
        }
        return ok;
    }

    /** A signature over a root that verified with a key. */
    private record Checked(String jws, String publicKey, byte[] root) {
        boolean holds(Signer s, byte[] otherRoot) {
            return jws.equals(s.jws()) && publicKey.equals(s.publicKey()) && Arrays.equals(root, otherRoot);
        }
    }

    /** The signature this thread checked last; the objects of one batch arrive together. */
    private static final ThreadLocal<Checked> LAST_CHECKED = new ThreadLocal<>();

    private static Signer signer(JsonObject json, String where) {
        String identity = json.getString("signer");
        String key = json.getString("public_key");
        String jws = json.getString("jws");
        JsonObject proof = json.getObject("proof");
        if (identity == null || key == null || jws == null || proof == null) {
            throw new IllegalArgumentException(where + " needs signer, public_key, jws and proof");
        }
        for (String member : json.keys()) {
            if (!SIGNER_MEMBERS.contains(member)) {
                throw new IllegalArgumentException(where + " has an unknown member '" + member + "'");
            }
        }
        DetachedJws.Parsed parsed = jws(jws);
        if (!parsed.kid().equals(identity)) {
            throw new IllegalArgumentException(where + " JWS kid " + parsed.kid() + " is not the signer " + identity);
        }
        key(key);
        long index = wholeNumber(proof, "index", where);
        long size = wholeNumber(proof, "size", where);
        JsonArray pathJson = proof.getArray("path");
        if (pathJson == null || pathJson.size() > MAX_PATH || proof.size() != 3) {
            throw new IllegalArgumentException(where + " proof needs exactly index, size and a path of at most " + MAX_PATH + " hashes");
        }
        List<String> path = new ArrayList<>(pathJson.size());
        for (JsonValue v : pathJson) {
            String h = v instanceof JsonString str ? str.value() : null;
            if (h == null || !isLowerHexHash(h)) {
                throw new IllegalArgumentException(where + " proof path holds something that is not a lower-case hex SHA-256 hash");
            }
            path.add(h);
        }
        return new Signer(identity, key, jws, index, size, path);
    }

    private static boolean isLowerHexHash(String h) {
        if (h.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = h.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static long wholeNumber(JsonObject proof, String name, String where) {
        if (!(proof.get(name) instanceof JsonNumber n) || !n.isIntegralSyntax() || n.text().length() > 12
                || n.text().startsWith("-")) {
            throw new IllegalArgumentException(where + " proof " + name + " must be a non-negative integer");
        }
        return Long.parseLong(n.text());
    }

    private static byte[] hopLeaf(String digest, Signer previous) {
        return Merkle.sha256(Canonical.toBytes(JsonObject.builder().put("digest", digest)
                .put("previous", previous.toJson()).build()));
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

    private static final HexFormat HEX = HexFormat.of();
}
