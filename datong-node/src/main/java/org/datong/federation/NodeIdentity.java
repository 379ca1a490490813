package org.datong.federation;

import org.datong.stix.StixId;
import org.datong.stix.Timestamp;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonException;
import org.datong.stix.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who a node is: a STIX {@code identity} object and an Ed25519 key pair, kept
 * in the node's data folder as {@value #IDENTITY_FILE} (public, shareable)
 * and {@value #KEY_FILE} (PKCS#8 PEM, readable by its owner only).
 *
 * <p>The identity carries the node's jurisdiction and public key in the
 * Datong extension ({@link Provenance#EXTENSION_ID}), so a peer that holds
 * the identity object can verify what the node signs. Created by
 * {@code datong init} or on a node's first start; never changed afterwards
 * (a new key would invalidate every signature peers hold).
 */
public final class NodeIdentity {
    /** The STIX identity object, in the data folder. */
    public static final String IDENTITY_FILE = "identity.json";
    /** The private key, in the data folder. */
    public static final String KEY_FILE = "identity.key";
    private static final Pattern JURISDICTION = Pattern.compile("[A-Z]{2}");
    private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PEM_END = "-----END PRIVATE KEY-----";

    private final JsonObject identity;
    private final PublicKey publicKey;
    private final PrivateKey privateKey;

    private NodeIdentity(JsonObject identity, PublicKey publicKey, PrivateKey privateKey) {
        this.identity = identity;
        this.publicKey = publicKey;
        this.privateKey = privateKey;
    }

    /** True when the folder already holds a node identity. */
    public static boolean exists(Path dataDir) {
        return Files.exists(dataDir.resolve(IDENTITY_FILE));
    }

    /**
     * Creates a new identity and key pair in the data folder.
     *
     * @param name         the organisation's name, shown to peers
     * @param jurisdiction ISO 3166-1 alpha-2 country code, or null when not stated
     * @throws IllegalStateException    when the folder already holds an identity
     * @throws IllegalArgumentException when the name or jurisdiction is malformed
     */
    public static NodeIdentity create(Path dataDir, String name, String jurisdiction, Clock clock) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a node name must not be blank");
        }
        String cc = normaliseJurisdiction(jurisdiction);
        if (exists(dataDir)) {
            throw new IllegalStateException(dataDir.resolve(IDENTITY_FILE) + " already exists; a node's identity is never replaced");
        }
        KeyPair keys = Ed25519.generate();
        String now = Timestamp.of(clock.instant()).text();
        JsonObject.Builder node = JsonObject.builder().put("public_key", Ed25519.encodePublicKey(keys.getPublic()));
        if (cc != null) {
            node.put("jurisdiction", cc);
        }
        JsonObject identity = JsonObject.builder()
                .put("type", "identity")
                .put("spec_version", "2.1")
                .put("id", StixId.random("identity").toString())
                .put("created", now)
                .put("modified", now)
                .put("name", name.strip())
                .put("identity_class", "organization")
                .put("extensions", JsonObject.builder()
                        .put(Provenance.EXTENSION_ID, JsonObject.builder()
                                .put("extension_type", "property-extension")
                                .put("node", node.build())
                                .build())
                        .build())
                .build();
        try {
            Files.createDirectories(dataDir);
            writePrivateKey(dataDir.resolve(KEY_FILE), keys.getPrivate());
            Path tmp = dataDir.resolve(IDENTITY_FILE + ".tmp");
            Files.write(tmp, (Json.writePretty(identity) + "\n").getBytes(StandardCharsets.UTF_8));
            Files.move(tmp, dataDir.resolve(IDENTITY_FILE), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the node identity in " + dataDir + ": " + e.getMessage(), e);
        }
        return new NodeIdentity(identity, keys.getPublic(), keys.getPrivate());
    }

    /**
     * Loads the identity from the data folder.
     *
     * @throws IllegalStateException when the files are missing, unreadable or do not belong together
     */
    public static NodeIdentity load(Path dataDir) {
        Path idFile = dataDir.resolve(IDENTITY_FILE);
        Path keyFile = dataDir.resolve(KEY_FILE);
        if (!Files.exists(idFile)) {
            throw new IllegalStateException("no node identity in " + dataDir + " (run 'datong init --data " + dataDir + "')");
        }
        JsonObject identity;
        PrivateKey privateKey;
        try {
            identity = Json.parseObject(Files.readAllBytes(idFile));
            privateKey = readPrivateKey(keyFile);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the node identity in " + dataDir + ": " + e.getMessage(), e);
        } catch (JsonException | IllegalArgumentException e) {
            throw new IllegalStateException("the node identity in " + dataDir + " is damaged: " + e.getMessage(), e);
        }
        String id = identity.getString("id");
        if (!"identity".equals(identity.getString("type")) || id == null || !StixId.isValid(id)) {
            throw new IllegalStateException(idFile + " is not a STIX identity object");
        }
        String key = publicKeyOf(identity);
        if (key == null) {
            throw new IllegalStateException(idFile + " carries no public key in the Datong extension");
        }
        PublicKey publicKey = Ed25519.decodePublicKey(key);
        byte[] probe = id.getBytes(StandardCharsets.UTF_8);
        if (!Ed25519.verify(publicKey, probe, Ed25519.sign(privateKey, probe))) {
            throw new IllegalStateException(keyFile + " does not belong to the public key in " + idFile);
        }
        return new NodeIdentity(identity, publicKey, privateKey);
    }

    /** Loads the identity, creating one first when the folder has none. */
    public static NodeIdentity loadOrCreate(Path dataDir, String name, String jurisdiction, Clock clock) {
        if (exists(dataDir)) {
            return load(dataDir);
        }
        return create(dataDir, name, jurisdiction, clock);
    }

    /** The public key carried in an identity object's Datong extension, or null. */
    public static String publicKeyOf(JsonObject identity) {
        JsonObject node = nodeExtension(identity);
        return node == null ? null : node.getString("public_key");
    }

    /** The jurisdiction carried in an identity object's Datong extension, or null. */
    public static String jurisdictionOf(JsonObject identity) {
        JsonObject node = nodeExtension(identity);
        return node == null ? null : node.getString("jurisdiction");
    }

    private static JsonObject nodeExtension(JsonObject identity) {
        JsonObject ext = identity.getObject("extensions");
        JsonObject ours = ext == null ? null : ext.getObject(Provenance.EXTENSION_ID);
        return ours == null ? null : ours.getObject("node");
    }

    static String normaliseJurisdiction(String jurisdiction) {
        if (jurisdiction == null || jurisdiction.isBlank()) {
            return null;
        }
        String cc = jurisdiction.strip().toUpperCase(Locale.ROOT);
        if (!JURISDICTION.matcher(cc).matches()) {
            throw new IllegalArgumentException("jurisdiction must be a two-letter ISO 3166-1 country code, not '" + jurisdiction + "'");
        }
        return cc;
    }

    /** The STIX identity id, {@code identity--...}. */
    public String id() {
        return identity.getString("id");
    }

    /** The node's name as shown to peers. */
    public String name() {
        return identity.getString("name");
    }

    /** The jurisdiction, or null when not stated. */
    public String jurisdiction() {
        return jurisdictionOf(identity);
    }

    /** The STIX identity object (shareable; carries the public key). */
    public JsonObject identity() {
        return identity;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** The public key as unpadded base64url of its 32 raw bytes, as given to {@code datong peer add --key}. */
    public String publicKeyText() {
        return Ed25519.encodePublicKey(publicKey);
    }

    /** Signs a payload as a detached compact JWS naming this node as {@code kid}. */
    String signJws(byte[] payload) {
        return DetachedJws.sign(privateKey, id(), payload);
    }

    private static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        String pem = PEM_BEGIN + "\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(Ed25519.encodePrivateKey(key))
                + "\n" + PEM_END + "\n";
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        try {
            if (posix) {
                Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
                Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + " already exists; refusing to overwrite a private key");
        }
        Files.writeString(file, pem, StandardCharsets.US_ASCII);
    }

    private static PrivateKey readPrivateKey(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (!text.startsWith(PEM_BEGIN) || !text.endsWith(PEM_END)) {
            throw new IllegalArgumentException(file + " is not a PEM private key");
        }
        String body = text.substring(PEM_BEGIN.length(), text.length() - PEM_END.length()).replaceAll("\\s", "");
        return Ed25519.decodePrivateKey(Base64.getDecoder().decode(body));
    }

    @Override
    public String toString() {
        return name() + " (" + id() + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeIdentity other && other.identity.equals(identity);
    }

    @Override
    public int hashCode() {
        return Objects.hash(identity);
    }
}
