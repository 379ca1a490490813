package org.datong.cli;

import org.datong.node.Node;
import org.datong.node.NodeConfig;
import org.datong.stix.SharedData;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonObject;
import org.datong.store.Database;
import org.datong.store.ObjectQuery;
import org.datong.store.ObjectStore;
import org.datong.store.StoredCollection;
import org.datong.store.StoredObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code datong import|export|taxii ...} end to end. */
class ImportExportTaxiiCommandsTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        InputStream saved = System.in;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try {
            System.setIn(new ByteArrayInputStream(new byte[0]));
            int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
            return new Run(code, out.toString(), err.toString());
        } finally {
            System.setIn(saved);
        }
    }

    static String indicator(String id) {
        return """
                {"type":"indicator","spec_version":"2.1","id":"%s","created":"2020-01-01T00:00:00.000Z",
                 "modified":"2020-01-01T00:00:00.000Z","pattern":"[ipv4-addr:value = '10.0.0.1']",
                 "pattern_type":"stix","valid_from":"2020-01-01T00:00:00Z","x_kept":1.50}""".formatted(id);
    }

    Path bundle(String name, String... objects) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "{\"type\":\"bundle\",\"id\":\"bundle--" + UUID.randomUUID() + "\",\"objects\":["
                + String.join(",", objects) + "]}");
        return p;
    }

    @Test
    void importStoresGoodObjectsReportsRefusalsAndIsIdempotent() throws Exception {
        String data = dir.resolve("node").toString();
        run("collection", "create", "Local", "--id", "local", "--data", data);
        Path file = bundle("b.json", indicator("indicator--" + UUID.randomUUID()), "{\"type\":\"indicator\"}",
                indicator("indicator--" + UUID.randomUUID()));
        Run first = run("import", file.toString(), "--collection", "local", "--data", data);
        assertThat(first.code()).isEqualTo(Main.NEGATIVE);
        assertThat(first.out()).contains("2 stored, 0 duplicate, 1 refused")
                .contains("refused " + file + " $.objects[1]").contains("'id'");
        Run again = run("import", file.toString(), "--collection", "local", "--data", data);
        assertThat(again.out()).contains("0 stored, 2 duplicate, 1 refused");

        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"type\":\"bundle\",\"objects\":[" + indicator("indicator--" + UUID.randomUUID())
                + ",{\"type\":");
        Run partial = run("import", broken.toString(), "--collection", "local", "--data", data);
        assertThat(partial.code()).isEqualTo(Main.NEGATIVE);
        assertThat(partial.err()).contains("malformed");
        assertThat(partial.out()).contains("1 stored");

        assertThat(run("import", dir.resolve("missing.json").toString(), "--collection", "local", "--data", data)
                .code()).isEqualTo(Main.USAGE);
        assertThat(run("import", file.toString(), "--collection", "nope", "--data", data).code()).isEqualTo(Main.USAGE);
    }

    @Test
    void exportWritesTheCollectionAsABundleWithTheObjectsAsStored() throws Exception {
        String data = dir.resolve("node").toString();
        run("collection", "create", "Local", "--id", "local", "--data", data);
        String a = "indicator--" + UUID.randomUUID();
        String m = "malware--" + UUID.randomUUID();
        Path file = bundle("b.json", indicator(a), "{\"type\":\"malware\",\"spec_version\":\"2.1\",\"id\":\"" + m
                + "\",\"created\":\"2020-01-01T00:00:00.000Z\",\"modified\":\"2020-01-01T00:00:00.000Z\","
                + "\"name\":\"x\",\"is_family\":false}");
        assertThat(run("import", file.toString(), "--collection", "local", "--data", data).code()).isZero();

        Run export = run("export", "--collection", "local", "--data", data);
        assertThat(export.code()).isZero();
        JsonObject bundle = Json.parseObject(export.out());
        assertThat(bundle.getString("type")).isEqualTo("bundle");
        assertThat(bundle.getArray("objects")).hasSize(2);
        assertThat(bundle.getArray("objects").get(0)).isEqualTo(Json.parse(indicator(a)));
        assertThat(export.out()).contains("1.50");

        Path out = dir.resolve("malware.json");
        Run typed = run("export", "--collection", "local", "--type", "malware", "-o", out.toString(), "--data", data);
        assertThat(typed.err()).contains("exported 1 objects");
        assertThat(Json.parseObject(Files.readString(out)).getArray("objects").stream()
                .map(o -> ((JsonObject) o).getString("id")).toList()).containsExactly(m);
        assertThat(run("export", "--collection", "nope", "--data", data).code()).isEqualTo(Main.USAGE);
    }

    @Test
    void exportByTypeRefusesMalformedTypeNamesAndWritesAValidBundleWhenNothingMatches() throws Exception {
        String data = dir.resolve("node").toString();
        run("collection", "create", "Local", "--id", "local", "--data", data);
        String a = "indicator--" + UUID.randomUUID();
        assertThat(run("import", bundle("b.json", indicator(a)).toString(), "--collection", "local", "--data", data)
                .code()).isZero();

        Run capitalised = run("export", "--collection", "local", "--type", "Indicator", "--data", data);
        assertThat(capitalised.code()).as("not a STIX type name: a usage error, not a silently empty bundle")
                .isEqualTo(Main.USAGE);
        assertThat(capitalised.err()).contains("'Indicator'").contains("--type");
        assertThat(capitalised.out()).isEmpty();
        assertThat(run("export", "--collection", "local", "--type", "indicator,", "--data", data).code())
                .isEqualTo(Main.USAGE);

        Run none = run("export", "--collection", "local", "--type", "x-acme-thing", "--data", data);
        assertThat(none.code()).isZero();
        JsonObject empty = Json.parseObject(none.out());
        assertThat(empty.getString("type")).isEqualTo("bundle");
        assertThat(empty.get("objects")).as("STIX prohibits empty lists: a bundle without objects omits the property")
                .isNull();
        assertThat(none.err()).contains("exported 0 objects");

        Run both = run("export", "--collection", "local", "--type", "malware,indicator", "--data", data);
        assertThat(Json.parseObject(both.out()).getArray("objects")).hasSize(1);
    }

    @Test
    void importsRealPublicBundles() throws Exception {
        Path examples = SharedData.require("oasis-cti-examples");
        List<String> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(examples)) {
            s.filter(p -> p.toString().endsWith(".json")).sorted().forEach(p -> files.add(p.toString()));
        }
        String data = dir.resolve("node").toString();
        run("collection", "create", "Examples", "--id", "examples", "--data", data);
        List<String> args = new ArrayList<>(List.of("import", "--collection", "examples", "--data", data));
        args.addAll(files);
        Run r = run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.out() + r.err()).isIn(Main.OK, Main.NEGATIVE);
        long stored = Long.parseLong(r.out().replaceAll("(?s).*: ([\\d,]+) stored.*", "$1").replace(",", ""));
        assertThat(stored).isGreaterThan(200);
        try (Database db = Node.openDatabase(NodeConfig.load(Path.of(data), null))) {
            assertThat(ObjectStore.open(db, Clock.systemUTC()).count("examples")).isEqualTo(stored);
        }
    }

    @Test
    void taxiiCommandsListPushAndPullAgainstARunningNode() throws Exception {
        try (Node remote = Node.start(NodeConfig.defaults(dir.resolve("remote")).withPort(0), Clock.systemUTC())) {
            remote.accounts().addUser("sync", "sync-secret-1".toCharArray(), Set.of());
            String token = remote.accounts().createToken("sync", null);
            remote.store().createCollection(StoredCollection.of("shared", "Shared").withReaders(List.of("sync"))
                    .withWriters(List.of("sync")));
            String url = remote.taxiiDiscovery().toString();

            Run collections = run("taxii", "collections", url, "--token", token);
            assertThat(collections.code()).isZero();
            assertThat(collections.out()).contains("shared\trw\tShared");
            assertThat(run("taxii", "collections", url, "--token", "dtk_0_wrong").code()).isEqualTo(Main.USAGE);

            List<String> objects = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                objects.add(indicator("indicator--" + UUID.randomUUID()));
            }
            objects.add("{\"type\":\"indicator\",\"id\":\"bad\"}");
            Path file = bundle("push.json", objects.toArray(String[]::new));
            Run push = run("taxii", "push", url, "shared", file.toString(), "--token", token);
            assertThat(push.code()).as(push.err()).isEqualTo(Main.NEGATIVE);
            assertThat(push.err()).contains("pushed 31 objects to shared: 30 accepted, 1 refused").contains("refused bad");
            assertThat(remote.store().count("shared")).isEqualTo(30);

            String local = dir.resolve("local").toString();
            run("collection", "create", "Mirror", "--id", "mirror", "--data", local);
            Run pull = run("taxii", "pull", url, "shared", "--into", "mirror", "--limit", "7", "--data", local,
                    "--token", token);
            assertThat(pull.code()).as(pull.err()).isZero();
            assertThat(pull.err()).contains("pulled 30 objects from shared into mirror: 30 stored")
                    .contains("continue with --added-after");
            try (Database db = Node.openDatabase(NodeConfig.load(Path.of(local), null))) {
                List<StoredObject> mirrored = ObjectStore.open(db, Clock.systemUTC()).objects("mirror",
                        ObjectQuery.all()).objects();
                List<JsonObject> pushed = remote.store().objects("shared", ObjectQuery.all()).objects().stream()
                        .map(StoredObject::parse).toList();
                assertThat(mirrored.stream().map(StoredObject::parse).toList()).isEqualTo(pushed);
            }

            Run toStdout = run("taxii", "pull", url, "shared", "--token", token);
            assertThat(Json.parseObject(toStdout.out()).getArray("objects")).hasSize(30);
            Run nothing = run("taxii", "pull", url, "shared", "--token", token, "--added-after", "2100-01-01T00:00:00Z");
            assertThat(nothing.code()).isZero();
            JsonObject emptyBundle = Json.parseObject(nothing.out());
            assertThat(emptyBundle.getString("type")).isEqualTo("bundle");
            assertThat(emptyBundle.get("objects")).as("STIX prohibits empty lists").isNull();

            Run pushFrom = run("taxii", "push", url, "shared", "--from", "mirror", "--data", local, "--token", token);
            assertThat(pushFrom.code()).isZero();
            assertThat(pushFrom.err()).contains("30 accepted, 0 refused");
            assertThat(remote.store().count("shared")).isEqualTo(30);
        }
    }

    @Test
    void importProgressIsABarOfTheBytesReadWithObjectsAndRate() {
        assertThat(ImportCommand.progress(120_000, 4.0, 42, 100))
                .isEqualTo("[##########--------------]  42% 120,000 objects (30,000/s)");
        assertThat(ImportCommand.progress(5, 1.0, 100, 100)).startsWith("[########################] 100% 5 objects");
        assertThat(ImportCommand.progress(2_000, 2.0, 10, -1)).as("standard input: no size, no bar")
                .isEqualTo("imported 2,000 objects (1,000/s)");
    }

    @Test
    void pushSplitsEnvelopesToFitTheServersMaxContentLength() throws Exception {
        try (Node remote = Node.start(NodeConfig.defaults(dir.resolve("remote")).withPort(0).withLimits(4096, 1000, 64),
                Clock.systemUTC())) {
            remote.accounts().addUser("sync", "sync-secret-1".toCharArray(), Set.of());
            String token = remote.accounts().createToken("sync", null);
            remote.store().createCollection(StoredCollection.of("shared", "Shared").withReaders(List.of("sync"))
                    .withWriters(List.of("sync")));
            String url = remote.taxiiApiRoot().toString();
            List<String> objects = new ArrayList<>();
            String first = "indicator--" + UUID.randomUUID();
            objects.add(indicator(first));
            for (int i = 1; i < 60; i++) {
                objects.add(indicator("indicator--" + UUID.randomUUID()));
            }
            String huge = "note--" + UUID.randomUUID();
            objects.add("{\"type\":\"note\",\"spec_version\":\"2.1\",\"id\":\"" + huge + "\",\"created\":"
                    + "\"2020-01-01T00:00:00.000Z\",\"modified\":\"2020-01-01T00:00:00.000Z\",\"content\":\""
                    + "x".repeat(5000) + "\",\"object_refs\":[\"" + first + "\"]}");
            Path file = bundle("push.json", objects.toArray(String[]::new));
            assertThat(Files.size(file)).as("far more than one envelope may hold").isGreaterThan(4 * 4096);

            Run push = run("taxii", "push", url, "shared", file.toString(), "--token", token);
            assertThat(push.code()).as(push.err()).isEqualTo(Main.NEGATIVE);
            assertThat(push.err()).contains("pushed 61 objects to shared: 60 accepted, 1 refused")
                    .contains("not sent " + huge).contains("max_content_length of 4096");
            assertThat(remote.store().count("shared")).isEqualTo(60);

            Run badSince = run("taxii", "pull", url, "shared", "--added-after", "yesterday", "--token", token);
            assertThat(badSince.code()).isEqualTo(Main.USAGE);
            assertThat(badSince.err()).contains("--added-after");
        }
    }
}
