package org.datong.cli;

import org.datong.stix.StixReader;
import org.datong.stix.Timestamp;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonValue;
import org.datong.store.BatchResult;
import org.datong.store.Database;
import org.datong.store.ObjectStore;
import org.datong.store.Outcome;
import org.datong.taxii.Envelopes;
import org.datong.taxii.TaxiiClient;
import org.datong.taxii.TaxiiException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

/** {@code datong taxii collections|pull|push}: talk to any TAXII 2.1 server. */
@Command(name = "taxii", mixinStandardHelpOptions = true,
        description = "Use a TAXII 2.1 server: list its collections, pull objects from one, push objects to one.",
        subcommands = {TaxiiCommand.Collections.class, TaxiiCommand.Pull.class, TaxiiCommand.Push.class})
final class TaxiiCommand implements Runnable {
    /** Objects per POSTed envelope when pushing. */
    static final int PUSH_ENVELOPE = 1000;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** How to reach and sign in to the server. */
    static final class Server {
        @Parameters(index = "0", paramLabel = "URL", description = "The server's discovery URL or an API root.")
        String url;

        @Option(names = "--user", paramLabel = "U", description = "HTTP Basic user; the password is read from stdin.")
        String user;

        @Option(names = "--token", paramLabel = "T",
                description = "Bearer API token (default: $DATONG_TAXII_TOKEN when set).")
        String token;

        @Option(names = "--ca", paramLabel = "PEM", description = "Trust this CA or self-signed certificate for HTTPS.")
        Path ca;

        TaxiiClient client() {
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new UsageException("not a URL: " + url);
            }
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new UsageException("not an http(s) URL: " + url);
            }
            TaxiiClient.Builder b = TaxiiClient.builder(uri);
            if (user != null) {
                b.basic(user, readPassword());
            } else {
                String t = token != null ? token : System.getenv("DATONG_TAXII_TOKEN");
                if (t != null && !t.isBlank()) {
                    b.bearer(t);
                }
            }
            if (ca != null) {
                b.sslContext(trusting(ca));
            }
            return b.build();
        }

        private static String readPassword() {
            try {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (line == null || line.isEmpty()) {
                    throw new UsageException("--user needs the password on standard input");
                }
                return line;
            } catch (IOException e) {
                throw new UsageException("cannot read the password from standard input: " + e.getMessage());
            }
        }

        static SSLContext trusting(Path pem) {
            try (InputStream in = Files.newInputStream(pem)) {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                int i = 0;
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    ks.setCertificateEntry("ca" + i++, c);
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, tmf.getTrustManagers(), null);
                return ctx;
            } catch (IOException | GeneralSecurityException e) {
                throw new UsageException("cannot use " + pem + " as a trusted certificate: " + e.getMessage());
            }
        }
    }

    /** Runs a client call, turning TAXII failures into one-line errors with the right exit code. */
    static int guarded(PrintWriter err, Callable<Integer> call) throws Exception {
        try {
            return call.call();
        } catch (TaxiiException e) {
            err.println("datong: " + e.getMessage());
            return e.httpStatus() == 0 || e.httpStatus() == 401 || e.httpStatus() == 403 || e.httpStatus() == 404
                    ? Main.USAGE : Main.NEGATIVE;
        }
    }

    @Command(name = "collections", mixinStandardHelpOptions = true,
            description = {"List the collections of a TAXII server: id, read/write rights, title.",
                    "Exit 2 when the server cannot be reached or refuses the credentials."})
    static final class Collections implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Server server;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            return guarded(spec.commandLine().getErr(), () -> {
                for (TaxiiClient.Collection c : server.client().collections()) {
                    out.printf("%s\t%s%s\t%s%n", c.id(), c.canRead() ? "r" : "-", c.canWrite() ? "w" : "-", c.title());
                }
                return Main.OK;
            });
        }
    }

    @Command(name = "pull", mixinStandardHelpOptions = true,
            description = {"Pull the objects of a remote collection page by page: into a local collection"
                    + " (--into, with --data), or as a bundle on standard output.",
                    "Prints where to continue (--added-after) on standard error.",
                    "Exit 0 on success, 1 when local storage refused objects, 2 on usage or connection errors."})
    static final class Pull implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Server server;

        @Parameters(index = "1", paramLabel = "COLLECTION", description = "The remote collection id.")
        String collection;

        @Option(names = "--added-after", paramLabel = "T", description = "Only objects added after this timestamp.")
        String addedAfter;

        @Option(names = "--into", paramLabel = "LOCAL", description = "Store into this local collection.")
        String into;

        @Option(names = "--limit", paramLabel = "N", description = "Page size to ask for (default ${DEFAULT-VALUE}).")
        int limit = 1000;

        @Option(names = "--all-versions", description = "Every version (default: the latest of each object).")
        boolean allVersions;

        @Mixin
        NodeOptions node;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            return guarded(err, () -> {
                if (addedAfter != null && Timestamp.problem(addedAfter) != null) {
                    throw new UsageException("--added-after: " + Timestamp.problem(addedAfter));
                }
                TaxiiClient client = server.client();
                Database db = into != null ? node.openDatabase() : null;
                try {
                    ObjectStore store = db == null ? null : ObjectStore.open(db, Clock.systemUTC());
                    if (store != null && store.collection(into).isEmpty()) {
                        throw new UsageException("no local collection '" + into + "'");
                    }
                    TaxiiClient.Query q = TaxiiClient.Query.all().withLimit(limit).withAddedAfter(addedAfter);
                    if (allVersions) {
                        q = q.withMatch("version", "all");
                    }
                    long received = 0;
                    long stored = 0;
                    long duplicates = 0;
                    long refused = 0;
                    String lastAdded = null;
                    if (store == null) {
                        out.print("{\"type\":\"bundle\",\"id\":\"bundle--" + UUID.randomUUID() + "\"");
                    }
                    boolean firstWritten = false;
                    TaxiiClient.Page<JsonObject> page;
                    do {
                        page = client.objects(collection, q);
                        received += page.items().size();
                        if (page.dateAddedLast() != null) {
                            lastAdded = page.dateAddedLast();
                        }
                        if (store != null) {
                            BatchResult r = store.add(into, page.items());
                            stored += r.count(Outcome.Status.STORED);
                            duplicates += r.count(Outcome.Status.DUPLICATE);
                            for (Outcome o : r.outcomes()) {
                                if (o.status() == Outcome.Status.REFUSED) {
                                    refused++;
                                    err.println("datong: refused " + o.id() + ": " + o.reason());
                                }
                            }
                        } else {
                            for (JsonObject o : page.items()) {
                                out.print(firstWritten ? ",\n" : ",\"objects\":[\n");
                                out.print(Json.write(o));
                                firstWritten = true;
                            }
                        }
                        // Without a cursor, continue after the last date added (TAXII 2.1 section 3.5)
                        q = page.next() != null ? q.withNext(page.next())
                                : q.withNext(null).withAddedAfter(page.dateAddedLast());
                    } while (page.more() && !page.items().isEmpty());
                    if (store == null) {
                        // STIX prohibits empty lists: a bundle without objects leaves the property out
                        out.println(firstWritten ? "\n]}" : "}");
                        out.flush();
                    }
                    err.printf("pulled %,d objects from %s%s%s%n", received, collection,
                            store == null ? "" : String.format(" into %s: %,d stored, %,d duplicate, %,d refused",
                                    into, stored, duplicates, refused),
                            lastAdded == null ? "" : "; continue with --added-after " + lastAdded);
                    return refused > 0 ? Main.NEGATIVE : Main.OK;
                } finally {
                    if (db != null) {
                        db.close();
                    }
                }
            });
        }
    }

    @Command(name = "push", mixinStandardHelpOptions = true,
            description = {"Push objects to a remote collection in envelopes of " + PUSH_ENVELOPE
                    + ": from bundle files, or from a local collection (--from, with --data).",
                    "Follows each status; prints the failures the server reports.",
                    "Exit 0 when the server accepted everything, 1 when it refused objects, 2 on usage or connection errors."})
    static final class Push implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Server server;

        @Parameters(index = "1", paramLabel = "COLLECTION", description = "The remote collection id.")
        String collection;

        @Parameters(index = "2..*", arity = "0..*", paramLabel = "FILE",
                description = "Bundles or objects to push ('-' is stdin).")
        List<String> files = List.of();

        @Option(names = "--from", paramLabel = "LOCAL", description = "Push the latest versions of a local collection.")
        String from;

        @Mixin
        NodeOptions node;

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            if ((from == null) == files.isEmpty()) {
                throw new UsageException("give either FILEs or --from LOCAL_COLLECTION");
            }
            return guarded(err, () -> {
                TaxiiClient client = server.client();
                Counts counts = new Counts();
                if (from != null) {
                    try (Database db = node.openDatabase()) {
                        ObjectStore store = ObjectStore.open(db, Clock.systemUTC());
                        if (store.collection(from).isEmpty()) {
                            throw new UsageException("no local collection '" + from + "'");
                        }
                        org.datong.store.ObjectQuery q = org.datong.store.ObjectQuery.all().withLimit(PUSH_ENVELOPE);
                        org.datong.store.Page page;
                        do {
                            page = store.objects(from, q);
                            List<JsonValue> batch = new ArrayList<>();
                            page.objects().forEach(o -> batch.add(o.parse()));
                            send(client, batch, counts, err);
                            q = q.withNext(page.next());
                        } while (page.more());
                    }
                } else {
                    for (String name : files) {
                        try (InputStream in = ValidateCommand.open(name); StixReader reader = StixReader.open(in)) {
                            List<JsonValue> batch = new ArrayList<>();
                            StixReader.Item item;
                            while ((item = reader.next()) != null) {
                                switch (item) {
                                    case StixReader.Element e -> batch.add(e.value());
                                    case StixReader.Broken b -> throw new UsageException(name + " is malformed: "
                                            + b.error().getMessage());
                                }
                                if (batch.size() == PUSH_ENVELOPE) {
                                    send(client, batch, counts, err);
                                    batch = new ArrayList<>();
                                }
                            }
                            send(client, batch, counts, err);
                        } catch (NoSuchFileException e) {
                            throw new UsageException("cannot open " + name + ": no such file");
                        }
                    }
                }
                err.printf("pushed %,d objects to %s: %,d accepted, %,d refused%n", counts.total, collection,
                        counts.accepted, counts.refused);
                return counts.refused > 0 ? Main.NEGATIVE : Main.OK;
            });
        }

        private static final class Counts {
            long total;
            long accepted;
            long refused;
        }

        /** The server's max_content_length, read from its API root once; 0 when it states none. */
        private long maxContentLength = -1;

        private void send(TaxiiClient client, List<JsonValue> batch, Counts counts, PrintWriter err) {
            if (batch.isEmpty()) {
                return;
            }
            if (maxContentLength < 0) {
                maxContentLength = Math.max(0, client.apiRootInformation().maxContentLength());
            }
            // Section 4.2.1: the server may refuse a larger body with 413; send envelopes that fit instead.
            Envelopes.Split split = Envelopes.split(batch, maxContentLength);
            for (Envelopes.TooLarge t : split.tooLarge()) {
                counts.total++;
                counts.refused++;
                err.println("datong: not sent " + (t.id() == null ? "an object" : t.id()) + ": "
                        + t.reason("the server", maxContentLength));
            }
            for (Envelopes.Envelope e : split.envelopes()) {
                TaxiiClient.Status s = client.postAndWait(collection, e, Duration.ofMinutes(5));
                counts.total += s.totalCount();
                counts.accepted += s.successCount();
                counts.refused += s.failureCount();
                for (JsonObject f : s.failures()) {
                    err.println("datong: refused " + f.getString("id") + ": " + f.getString("message"));
                }
                if (!s.complete()) {
                    err.println("datong: status " + s.id() + " still pending after 5 minutes (" + s.pendingCount()
                            + " objects)");
                }
            }
        }
    }
}
