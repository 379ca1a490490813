package org.datong.node;

import io.javalin.config.JavalinConfig;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * HTTPS for the node from a PEM certificate chain and a PEM PKCS#8 private key
 * (RSA, EC or Ed25519): the only listener is then a TLS one.
 */
final class Tls {
    private static final Logger LOG = LoggerFactory.getLogger(Tls.class);

    private Tls() {
    }

    /** Replaces the plain listener with a TLS one when the configuration names a certificate. */
    static void configure(JavalinConfig cfg, NodeConfig config) {
        if (!config.tls()) {
            return;
        }
        char[] password = UUID.randomUUID().toString().toCharArray();
        KeyStore keyStore = keyStore(config.tlsCert(), config.tlsKey(), password);
        cfg.jetty.addConnector((server, httpConfig) -> {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(keyStore);
            ssl.setKeyStorePassword(new String(password));
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            // Clients reach a node by address as often as by name; the certificate is the operator's choice.
            secure.setSniHostCheck(false);
            httpConfig.addCustomizer(secure);
            ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                    new HttpConnectionFactory(httpConfig));
            connector.setHost(config.host());
            connector.setPort(config.port());
            return connector;
        });
    }

    static KeyStore keyStore(Path certPem, Path keyPem, char[] password) {
        try {
            List<? extends Certificate> chain;
            try (InputStream in = Files.newInputStream(certPem)) {
                chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
            }
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("tls.cert " + certPem + " holds no certificate");
            }
            PrivateKey key = privateKey(keyPem);
            requireMatch(key, chain.getFirst(), certPem, keyPem);
            warnUnlessValidNow(chain.getFirst(), certPem);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("node", key, password, chain.toArray(Certificate[]::new));
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use tls.cert " + certPem + " and tls.key " + keyPem + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The key must be the one of the first certificate: with another, every
     * handshake would fail while the node looked healthy. Checked by signing
     * a test message with the key and verifying it with the certificate.
     */
    private static void requireMatch(PrivateKey key, Certificate leaf, Path certPem, Path keyPem)
            throws GeneralSecurityException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        byte[] probe = "datong tls key check".getBytes(StandardCharsets.US_ASCII);
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (InvalidKeyException | SignatureException e) {
            matches = false;
        }
        if (!matches) {
            throw new IllegalArgumentException("tls.key " + keyPem + " does not belong to the first certificate of tls.cert "
                    + certPem + " (" + subject(leaf) + "); the first certificate must be the node's own, followed by"
                    + " its issuers");
        }
    }

    /** An expired or not yet valid certificate is served (clients will refuse it), with a warning in the log. */
    private static void warnUnlessValidNow(Certificate leaf, Path certPem) {
        if (leaf instanceof X509Certificate x) {
            try {
                x.checkValidity();
            } catch (CertificateExpiredException e) {
                LOG.warn("the certificate in tls.cert {} ({}) expired on {}; TAXII clients will refuse it", certPem,
                        subject(leaf), x.getNotAfter().toInstant());
            } catch (CertificateNotYetValidException e) {
                LOG.warn("the certificate in tls.cert {} ({}) is valid only from {}; TAXII clients will refuse it until then",
                        certPem, subject(leaf), x.getNotBefore().toInstant());
            }
        }
    }

    private static String subject(Certificate c) {
        return c instanceof X509Certificate x ? x.getSubjectX500Principal().getName() : c.getType();
    }

    private static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < 0) {
            throw new IllegalArgumentException("tls.key " + pem + " must be a PEM PKCS#8 key (-----BEGIN PRIVATE KEY-----);"
                    + " convert with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
        for (String algorithm : new String[]{"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("tls.key " + pem + " is not an RSA, EC or Ed25519 PKCS#8 key");
    }
}
