package org.datong.cli;

import org.datong.node.Node;
import org.datong.node.NodeConfig;
import org.datong.taxii.TaxiiApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code datong user|token|collection|serve} from the command line, serve as a real process. */
class NodeCommandsTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    Run run(String stdin, String... args) {
        InputStream saved = System.in;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
            return new Run(code, out.toString(), err.toString());
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void preparesANodeAndServesItUntilTerminated() throws Exception {
        String data = dir.toString();
        assertThat(run("pw-of-alice-1\n", "user", "add", "alice", "--password-stdin", "--groups", "cert", "--data", data)
                .code()).isZero();
        assertThat(run("other-pass-1\n", "user", "add", "alice", "--password-stdin", "--data", data).code())
                .isEqualTo(Main.USAGE);
        assertThat(run("short\n", "user", "add", "bob", "--password-stdin", "--data", data).err())
                .contains("at least 8");
        Run token = run("", "token", "create", "alice", "--data", data);
        assertThat(token.code()).isZero();
        assertThat(token.out().trim()).startsWith("dtk_");
        assertThat(run("", "token", "create", "nobody", "--data", data).code()).isEqualTo(Main.USAGE);
        Run created = run("", "collection", "create", "Indicators", "--id", "intel", "--readers", "group:cert",
                "--writers", "alice", "--data", data);
        assertThat(created.out().trim()).isEqualTo("intel");
        assertThat(run("", "collection", "create", "Again", "--id", "intel", "--data", data).code()).isEqualTo(Main.USAGE);
        assertThat(run("", "collection", "list", "--data", data).out()).contains("intel\t0\tIndicators");
        assertThat(run("", "user", "list", "--data", data).out().trim()).isEqualTo("alice");

        Process serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "serve", "--data", data, "--port", "0")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            String first = lines.readLine();
            assertThat(first).startsWith("datong: listening on http://127.0.0.1:");
            URI base = URI.create(first.substring("datong: listening on ".length()).split(" ")[0]);
            String auth = "Basic " + Base64.getEncoder().encodeToString("alice:pw-of-alice-1".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    base.resolve(TaxiiApi.API_ROOT_PATH + "collections/intel/")).header("Authorization", auth).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"can_write\":true");
            HttpResponse<String> withToken = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    base.resolve(TaxiiApi.API_ROOT_PATH + "collections/intel/objects/"))
                    .header("Authorization", "Bearer " + token.out().trim()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(withToken.statusCode()).isEqualTo(200);
        } finally {
            serve.destroy();
            assertThat(serve.waitFor(20, TimeUnit.SECONDS)).isTrue();
            serve.destroyForcibly();
        }
        assertThat(serve.exitValue()).isIn(0, 143);
    }

    @Test
    void refusesPlainHttpOnAPublicAddressAndBadConfigurationWithUsageErrors() throws Exception {
        Files.writeString(dir.resolve(NodeConfig.FILE_NAME), "port = many\n");
        Run bad = run("", "serve", "--data", dir.toString());
        assertThat(bad.code()).isEqualTo(Main.USAGE);
        assertThat(bad.err()).contains("'port' must be a number");

        Files.writeString(dir.resolve(NodeConfig.FILE_NAME), "");
        Run plain = run("", "serve", "--data", dir.toString(), "--host", "0.0.0.0", "--port", "0");
        assertThat(plain.code()).isEqualTo(Main.USAGE);
        assertThat(plain.err()).contains("refusing plain HTTP");
        List<String> unknown = new ArrayList<>();
        Files.writeString(dir.resolve("extra.properties"), "colour = blue\n");
        Run extra = run("", "serve", "--data", dir.toString(), "--config", dir.resolve("extra.properties").toString());
        unknown.add(extra.err());
        assertThat(extra.code()).isEqualTo(Main.USAGE);
        assertThat(unknown.getFirst()).contains("colour");
    }

    /** The status of a GET; an empty authorization sends no credentials. */
    static int status(URI url, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url);
        if (!authorization.isEmpty()) {
            b.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void revokedTokensRemovedUsersAndOldPasswordsAreRefusedByARunningNode() throws Exception {
        String data = dir.toString();
        assertThat(run("pw-of-alice-1\n", "user", "add", "alice", "--password-stdin", "--data", data).code()).isZero();
        assertThat(run("pw-of-bob-12\n", "user", "add", "bob", "--password-stdin", "--data", data).code()).isZero();
        String aliceToken = run("", "token", "create", "alice", "--label", "siem", "--data", data).out().trim();
        String bobToken = run("", "token", "create", "bob", "--data", data).out().trim();
        run("", "collection", "create", "Indicators", "--id", "intel", "--readers", "alice,bob", "--data", data);

        Run listed = run("", "token", "list", "--data", data);
        assertThat(listed.code()).isZero();
        String aliceId = aliceToken.split("_")[1];
        assertThat(listed.out().lines().toList()).hasSize(2)
                .anySatisfy(l -> assertThat(l).startsWith(aliceId + "\talice\t").endsWith("\tsiem"));
        assertThat(listed.out()).as("secrets are never listed")
                .doesNotContain(aliceToken.substring(aliceToken.lastIndexOf('_') + 1))
                .doesNotContain(bobToken.substring(bobToken.lastIndexOf('_') + 1));
        assertThat(run("", "token", "list", "bob", "--data", data).out().lines().toList()).hasSize(1)
                .allSatisfy(l -> assertThat(l).contains("\tbob\t"));

        try (Node node = Node.start(NodeConfig.load(dir, null).withPort(0), Clock.systemUTC())) {
            URI objects = node.taxiiApiRoot().resolve("collections/intel/objects/");
            assertThat(status(objects, "Bearer " + aliceToken)).isEqualTo(200);
            assertThat(status(objects, "Bearer " + bobToken)).isEqualTo(200);
            assertThat(status(objects, basic("alice", "pw-of-alice-1"))).isEqualTo(200);
            assertThat(status(objects, basic("bob", "pw-of-bob-12"))).isEqualTo(200);

            assertThat(run("", "token", "revoke", aliceId, "--data", data).code()).isZero();
            assertThat(status(objects, "Bearer " + aliceToken)).isEqualTo(401);
            assertThat(status(objects, basic("alice", "pw-of-alice-1"))).as("the password still works").isEqualTo(200);
            assertThat(run("", "token", "revoke", aliceId, "--data", data).code()).isEqualTo(Main.USAGE);

            assertThat(run("new-pw-of-alice\n", "user", "passwd", "alice", "--password-stdin", "--data", data).code())
                    .isZero();
            assertThat(status(objects, basic("alice", "pw-of-alice-1"))).as("old password, remembered before").isEqualTo(401);
            assertThat(status(objects, basic("alice", "new-pw-of-alice"))).isEqualTo(200);
            assertThat(run("short\n", "user", "passwd", "alice", "--password-stdin", "--data", data).code())
                    .isEqualTo(Main.USAGE);
            assertThat(run("whatever-123\n", "user", "passwd", "nobody", "--password-stdin", "--data", data).code())
                    .isEqualTo(Main.USAGE);

            Run removed = run("", "user", "remove", "bob", "--data", data);
            assertThat(removed.code()).isZero();
            assertThat(removed.out()).contains("1 API token");
            assertThat(status(objects, "Bearer " + bobToken)).isEqualTo(401);
            assertThat(status(objects, basic("bob", "pw-of-bob-12"))).isEqualTo(401);
            assertThat(run("", "user", "remove", "bob", "--data", data).code()).isEqualTo(Main.USAGE);
        }
        assertThat(run("", "user", "list", "--data", data).out().trim()).isEqualTo("alice");
        assertThat(run("", "token", "list", "--data", data).out()).isEmpty();
    }

    static int post(URI url, String authorization, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).header("Authorization", authorization)
                .header("Content-Type", TaxiiApi.TAXII_MEDIA_TYPE).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void groupsAndCollectionRightsChangedFromTheCommandLineApplyToARunningNode() throws Exception {
        String data = dir.toString();
        assertThat(run("pw-of-alice-1\n", "user", "add", "alice", "--password-stdin", "--groups", "cert", "--data", data)
                .code()).isZero();
        assertThat(run("pw-of-bob-12\n", "user", "add", "bob", "--password-stdin", "--data", data).code()).isZero();
        run("", "collection", "create", "Indicators", "--id", "intel", "--readers", "group:cert", "--writers", "alice",
                "--data", data);
        String bob = basic("bob", "pw-of-bob-12");
        String alice = basic("alice", "pw-of-alice-1");
        String envelope = "{\"objects\":[{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--"
                + java.util.UUID.randomUUID() + "\",\"created\":\"2020-01-01T00:00:00.000Z\",\"modified\":"
                + "\"2020-01-01T00:00:00.000Z\",\"pattern\":\"[ipv4-addr:value = '10.0.0.1']\",\"pattern_type\":"
                + "\"stix\",\"valid_from\":\"2020-01-01T00:00:00Z\"}]}";

        try (Node node = Node.start(NodeConfig.load(dir, null).withPort(0), Clock.systemUTC())) {
            URI objects = node.taxiiApiRoot().resolve("collections/intel/objects/");
            assertThat(status(objects, bob)).as("bob is in no group yet").isEqualTo(404);

            Run joined = run("", "user", "groups", "bob", "cert,ops", "--data", data);
            assertThat(joined.code()).isZero();
            assertThat(joined.out().trim()).isEqualTo("bob: cert,ops");
            assertThat(status(objects, bob)).as("read through group:cert, password remembered before").isEqualTo(200);
            assertThat(post(objects, bob, envelope)).isEqualTo(403);

            Run writers = run("", "collection", "set", "intel", "--writers", "group:cert", "--data", data);
            assertThat(writers.code()).isZero();
            assertThat(writers.out()).contains("readers=group:cert\twriters=group:cert");
            assertThat(post(objects, bob, envelope)).isEqualTo(202);

            assertThat(run("", "collection", "set", "intel", "--readers", "", "--data", data).code()).isZero();
            assertThat(status(objects, alice)).as("a writer without the read right").isEqualTo(403);
            assertThat(status(objects, "")).isEqualTo(401);
            assertThat(run("", "collection", "set", "intel", "--anonymous-read", "--data", data).code()).isZero();
            assertThat(status(objects, "")).isEqualTo(200);
            assertThat(run("", "collection", "set", "intel", "--no-anonymous-read", "--data", data).code()).isZero();
            assertThat(status(objects, "")).isEqualTo(401);

            assertThat(run("", "user", "groups", "bob", "", "--data", data).out().trim()).isEqualTo("bob:");
            assertThat(status(node.taxiiApiRoot().resolve("collections/intel/"), bob)).as("out of group:cert again")
                    .isEqualTo(404);
        }
        assertThat(run("", "collection", "list", "--data", data).out())
                .contains("intel\t1\tIndicators\treaders=\twriters=group:cert\n");
        assertThat(run("", "collection", "set", "nope", "--readers", "bob", "--data", data).code()).isEqualTo(Main.USAGE);
        assertThat(run("", "collection", "set", "intel", "--data", data).code()).as("nothing to change")
                .isEqualTo(Main.USAGE);
        assertThat(run("", "collection", "set", "intel", "--readers", "bob,,alice", "--data", data).code())
                .isEqualTo(Main.USAGE);
        assertThat(run("", "user", "groups", "nobody", "cert", "--data", data).code()).isEqualTo(Main.USAGE);
        assertThat(run("", "user", "groups", "bob", "bad group", "--data", data).code()).isEqualTo(Main.USAGE);
        assertThat(run("", "user", "groups", "alice", "--data", data).out().trim()).isEqualTo("alice: cert");
    }
}
