package org.datong.federation;

import org.datong.stix.json.Json;
import org.datong.stix.json.JsonException;
import org.datong.stix.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;

/**
 * JWS compact serialization with a detached payload (RFC 7515 section 7.1 and
 * appendix F): {@code BASE64URL(header) + ".." + BASE64URL(signature)}, where
 * the signing input is {@code BASE64URL(header) + "." + BASE64URL(payload)}
 * and the payload travels separately. Only {@code alg: EdDSA} (RFC 8037) is
 * produced or accepted; {@code kid} names the signer's STIX identity.
 */
final class DetachedJws {
    static final String ALG = "EdDSA";

    private DetachedJws() {
    }

    /** A parsed JWS: the signer named in the header and the signature bytes. */
    record Parsed(String encodedHeader, String kid, byte[] signature) {
    }

    static String sign(PrivateKey key, String kid, byte[] payload) {
        String header = Ed25519.base64url(Json.writeBytes(JsonObject.builder()
                .put("alg", ALG).put("kid", kid).build()));
        byte[] sig = Ed25519.sign(key, signingInput(header, payload));
        return header + ".." + Ed25519.base64url(sig);
    }

    /**
     * Parses the compact form.
     *
     * @throws IllegalArgumentException with the reason when it is not a detached EdDSA JWS
     */
    static Parsed parse(String jws) {
        int first = jws.indexOf('.');
        if (first <= 0 || !jws.startsWith("..", first) || jws.indexOf('.', first + 2) >= 0) {
            throw new IllegalArgumentException("not a compact JWS with a detached payload (header..signature)");
        }
        String header = jws.substring(0, first);
        JsonObject h;
        byte[] sig;
        try {
            h = Json.parseObject(Base64.getUrlDecoder().decode(header));
            sig = Base64.getUrlDecoder().decode(jws.substring(first + 2));
        } catch (IllegalArgumentException | JsonException e) {
            throw new IllegalArgumentException("JWS header or signature is not valid base64url JSON: " + e.getMessage());
        }
        if (!ALG.equals(h.getString("alg"))) {
            throw new IllegalArgumentException("JWS alg must be " + ALG + ", found " + h.get("alg"));
        }
        if (h.has("crit") || h.has("b64")) {
            throw new IllegalArgumentException("JWS header carries crit/b64, which Datong does not accept");
        }
        String kid = h.getString("kid");
        if (kid == null) {
            throw new IllegalArgumentException("JWS header has no kid naming the signer");
        }
        return new Parsed(header, kid, sig);
    }

    static boolean verify(Parsed jws, PublicKey key, byte[] payload) {
        return Ed25519.verify(key, signingInput(jws.encodedHeader(), payload), jws.signature());
    }

    private static byte[] signingInput(String encodedHeader, byte[] payload) {
        return (encodedHeader + "." + Ed25519.base64url(payload)).getBytes(StandardCharsets.US_ASCII);
    }
}
