package org.datong.federation;

import org.datong.stix.StixId;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A node this node syncs with over TAXII 2.1, named after the partner it
 * belongs to.
 *
 * @param name        the partner's short name; one peer per partner
 * @param apiRoot     the peer's TAXII API root URL (ends with '/')
 * @param identityId  the peer's STIX identity id, or null until known
 * @param publicKey   the peer's Ed25519 public key, base64url of its raw 32 bytes
 * @param collections the peer's collections this node pulls from (may be empty: push only)
 * @param inbox       the peer's collection this node pushes into, or null (pull only)
 * @param auth        how this node authenticates to the peer
 */
public record Peer(String name, URI apiRoot, String identityId, String publicKey, List<String> collections,
                   String inbox, Auth auth) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Pattern COLLECTION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /** Checks every field; throws {@link IllegalArgumentException} naming the field and the rule. */
    public Peer {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("peer name '" + name
                    + "' is not valid: use 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        Objects.requireNonNull(apiRoot, "apiRoot");
        if (!("http".equals(apiRoot.getScheme()) || "https".equals(apiRoot.getScheme())) || apiRoot.getHost() == null) {
            throw new IllegalArgumentException("peer URL '" + apiRoot + "' is not an http(s) URL of a TAXII API root");
        }
        if (!apiRoot.getPath().endsWith("/")) {
            apiRoot = URI.create(apiRoot + "/");
        }
        if (identityId != null && (!"identity".equals(StixId.typeOf(identityId)) || StixId.problem(identityId) != null)) {
            throw new IllegalArgumentException("peer identity '" + identityId + "' is not a STIX identity id (identity--<UUID>)");
        }
        Ed25519.decodePublicKey(Objects.requireNonNull(publicKey, "publicKey"));
        collections = List.copyOf(collections == null ? List.of() : collections);
        for (String c : collections) {
            checkCollection(c);
        }
        if (inbox != null) {
            checkCollection(inbox);
        }
        if (collections.isEmpty() && inbox == null) {
            throw new IllegalArgumentException("peer " + name + " needs collections to pull from, an inbox to push to, or both");
        }
        Objects.requireNonNull(auth, "auth");
    }

    /**
     * Whether a name follows the rules of peer and partner names (1-63
     * letters, digits, '.', '_' or '-', starting with a letter or digit). A
     * Datong node keeps what a peer pushes in a collection named after the
     * pushing account, so a peer's account there must follow them too.
     */
    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    private static void checkCollection(String id) {
        if (id == null || !COLLECTION.matcher(id).matches()) {
            throw new IllegalArgumentException("collection id '" + id + "' is not valid (letters, digits, '.', '_', '-')");
        }
    }

    /** How this node proves who it is to a peer. Secrets never appear in {@code toString}. */
    public sealed interface Auth permits Auth.None, Auth.Token, Auth.Basic {
        /** No credentials (the peer's collections are public). */
        record None() implements Auth {
        }

        /** A bearer token issued by the peer ({@code datong token create} there). */
        record Token(String token) implements Auth {
            public Token {
                if (token == null || token.isBlank()) {
                    throw new IllegalArgumentException("token must not be blank");
                }
            }

            @Override
            public String toString() {
                return "Token[****]";
            }
        }

        /** A user name and password on the peer (HTTP Basic). */
        record Basic(String user, String password) implements Auth {
            public Basic {
                if (user == null || user.isBlank() || password == null) {
                    throw new IllegalArgumentException("user and password must be given");
                }
            }

            @Override
            public String toString() {
                return "Basic[" + user + ", ****]";
            }
        }

        /** A one-word description for listings: none, token, or basic USER. */
        default String describe() {
            return switch (this) {
                case None n -> "none";
                case Token t -> "token";
                case Basic b -> "basic " + b.user();
            };
        }
    }

    /** The same peer with its identity id now known. */
    public Peer withIdentityId(String id) {
        return new Peer(name, apiRoot, id, publicKey, collections, inbox, auth);
    }
}
