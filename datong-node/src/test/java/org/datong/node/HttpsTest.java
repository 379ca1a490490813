package org.datong.node;

import org.datong.store.StoredCollection;
import org.datong.taxii.TaxiiClient;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HTTPS from a configured PEM certificate and key (made here with openssl, skipped without it). */
class HttpsTest {
    @TempDir
    Path dir;

    @Test
    void servesTaxiiOverHttpsWithTheConfiguredCertificate() throws Exception {
        Path cert = dir.resolve("node.crt");
        Path key = dir.resolve("node.key");
        opensslSelfSigned(cert, key);
        NodeConfig config = NodeConfig.defaults(dir).withPort(0).withTls(cert, key);
        try (Node node = Node.start(config, Clock.systemUTC())) {
            assertThat(node.uri().getScheme()).isEqualTo("https");
            node.accounts().addUser("dora", "dora-secret-1".toCharArray(), Set.of());
            node.store().createCollection(StoredCollection.of("tls", "TLS").withReaders(List.of("dora")));
            TaxiiClient client = TaxiiClient.builder(node.taxiiDiscovery()).basic("dora", "dora-secret-1")
                    .sslContext(trusting(cert)).build();
            assertThat(client.collections()).extracting(TaxiiClient.Collection::id).containsExactly("tls");
            assertThat(client.discovery().json().getStrings("api_roots")).as("HTTPS absolute URLs (section 4.1.1)")
                    .containsExactly(node.taxiiApiRoot().toString());

            HttpClient untrusting = HttpClient.newHttpClient();
            assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(node.taxiiDiscovery()).build(),
                    HttpResponse.BodyHandlers.ofString())).hasMessageContaining("PKIX");
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aClientThatDoesNotTrustTheCertificateFailsAtOnceAndSaysHowToTrustIt() throws Exception {
        Path cert = dir.resolve("node.crt");
        Path key = dir.resolve("node.key");
        opensslSelfSigned(cert, key);
        try (Node node = Node.start(NodeConfig.defaults(dir).withPort(0).withTls(cert, key), Clock.systemUTC())) {
            TaxiiClient untrusting = TaxiiClient.builder(node.taxiiDiscovery()).retries(1)
                    .backoff(java.time.Duration.ofHours(1)).build();
            assertThatThrownBy(untrusting::collections).as("no retry (one would wait an hour)")
                    .isInstanceOfSatisfying(org.datong.taxii.TaxiiException.class,
                            e -> assertThat(e.httpStatus()).isZero())
                    .hasMessageContaining("TLS handshake failed").hasMessageContaining("--ca");
        }
    }

    @Test
    void refusesAKeyThatIsNotPkcs8Pem() throws Exception {
        Path cert = dir.resolve("node.crt");
        Path key = dir.resolve("node.key");
        opensslSelfSigned(cert, key);
        Files.writeString(key, "not a key");
        assertThatThrownBy(() -> Node.start(NodeConfig.defaults(dir).withPort(0).withTls(cert, key), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PKCS#8");
    }

    @Test
    void refusesAKeyThatDoesNotBelongToTheCertificate() throws Exception {
        Path cert = dir.resolve("node.crt");
        Path key = dir.resolve("node.key");
        opensslSelfSigned(cert, key);
        Path otherCert = dir.resolve("other.crt");
        Path otherKey = dir.resolve("other.key");
        opensslSelfSigned(otherCert, otherKey);
        assertThatThrownBy(() -> Node.start(NodeConfig.defaults(dir).withPort(0).withTls(cert, otherKey),
                Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not belong to").hasMessageContaining("CN=127.0.0.1");
    }

    static void opensslSelfSigned(Path cert, Path key) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1").redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("openssl is not installed: " + e.getMessage());
            return;
        }
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }

    static SSLContext trusting(Path pem) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            ks.setCertificateEntry("node", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
