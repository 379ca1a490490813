package org.datong.federation;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * Ed25519 signatures (RFC 8032) with the JDK's own EdDSA provider. Public keys
 * travel as their raw 32 bytes in unpadded base64url (the form of the {@code x}
 * member of an OKP JWK, RFC 8037); private keys are stored as PKCS#8.
 */
public final class Ed25519 {
    /** Length of a raw Ed25519 public key in bytes. */
    public static final int PUBLIC_KEY_BYTES = 32;
    /** Length of an Ed25519 signature in bytes. */
    public static final int SIGNATURE_BYTES = 64;
    /** DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519 (OID 1.3.101.112); the raw key follows. */
    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    private static final String ALGORITHM = "Ed25519";

    private Ed25519() {
    }

    /** A fresh key pair from the platform's strong random source. */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime has no Ed25519 support", e);
        }
    }

    /** The raw 32-byte public key as unpadded base64url. */
    public static String encodePublicKey(PublicKey key) {
        byte[] der = key.getEncoded();
        if (der.length != X509_PREFIX.length + PUBLIC_KEY_BYTES
                || !Arrays.equals(der, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + key.getAlgorithm());
        }
        return base64url(Arrays.copyOfRange(der, X509_PREFIX.length, der.length));
    }

    /**
     * Reads a public key written by {@link #encodePublicKey}.
     *
     * @throws IllegalArgumentException with the reason when the text is not a base64url 32-byte key
     */
    public static PublicKey decodePublicKey(String base64url) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(base64url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("public key is not base64url: " + e.getMessage());
        }
        if (raw.length != PUBLIC_KEY_BYTES) {
            throw new IllegalArgumentException("an Ed25519 public key has " + PUBLIC_KEY_BYTES
                    + " bytes, this one has " + raw.length);
        }
        byte[] der = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + PUBLIC_KEY_BYTES);
        System.arraycopy(raw, 0, der, X509_PREFIX.length, PUBLIC_KEY_BYTES);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (InvalidKeySpecException e) {
            throw new IllegalArgumentException("not a valid Ed25519 public key: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime has no Ed25519 support", e);
        }
    }

    /** PKCS#8 bytes of a private key, as stored in the node's key file. */
    static byte[] encodePrivateKey(PrivateKey key) {
        return key.getEncoded();
    }

    /** Reads PKCS#8 bytes written by {@link #encodePrivateKey}. */
    static PrivateKey decodePrivateKey(byte[] pkcs8) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (InvalidKeySpecException e) {
            throw new IllegalArgumentException("not an Ed25519 private key: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime has no Ed25519 support", e);
        }
    }

    /** The 64-byte signature of the message. */
    public static byte[] sign(PrivateKey key, byte[] message) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key);
            s.update(message);
            return s.sign();
        } catch (InvalidKeyException | SignatureException e) {
            throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime has no Ed25519 support", e);
        }
    }

    /** True exactly when the signature is a valid signature of the message by the key. */
    public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        if (signature.length != SIGNATURE_BYTES) {
            return false;
        }
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (InvalidKeyException | SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime has no Ed25519 support", e);
        }
    }

    static String base64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
