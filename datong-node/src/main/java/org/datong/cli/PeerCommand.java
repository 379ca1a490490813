package org.datong.cli;

import org.datong.federation.FederationConfig;
import org.datong.federation.Peer;
import org.datong.federation.PeerRegistry;
import org.datong.federation.PeerStatus;
import org.datong.store.Database;
import org.datong.store.ObjectStore;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code datong peer add|list|status|remove}: the nodes this node syncs with. */
@Command(name = "peer", mixinStandardHelpOptions = true,
        description = "Manage the peers this node syncs with (pull from their collections, push into their inbox).",
        subcommands = {PeerCommand.Add.class, PeerCommand.ListPeers.class, PeerCommand.Status.class, PeerCommand.Remove.class})
final class PeerCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add a peer: the TAXII API root URL of another node, the partner it belongs to and its public key.",
                    "Exit 0 when added, 2 on a usage error or when the peer exists."})
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        NodeOptions data;

        @Parameters(index = "0", paramLabel = "URL", description = "The peer's TAXII 2.1 API root, e.g. http://host:8080/taxii2/api/")
        String url;

        @Option(names = "--partner", required = true, paramLabel = "P", description = "The partner this peer belongs to; also the peer's name.")
        String partner;

        @Option(names = "--key", required = true, paramLabel = "KEY", description = "The peer's Ed25519 public key (as printed by 'datong init' there).")
        String key;

        @Option(names = "--identity", paramLabel = "ID", description = "The peer's STIX identity id (identity--...), if not known from the partner.")
        String identity;

        @Option(names = "--collections", split = ",", paramLabel = "C", description = "The peer's collections to pull from (comma-separated).")
        List<String> collections = List.of();

        @Option(names = "--inbox", paramLabel = "C", description = "The peer's collection to push entitled objects into.")
        String inbox;

        @ArgGroup(exclusive = true)
        Credentials credentials;

        static final class Credentials {
            @Option(names = "--token", paramLabel = "T", description = "A token issued by the peer.")
            String token;
            @ArgGroup(exclusive = false)
            UserPassword userPassword;
        }

        static final class UserPassword {
            @Option(names = "--user", required = true, paramLabel = "U", description = "A user on the peer.")
            String user;
            @Option(names = "--password-stdin", required = true, description = "Read the user's password from the first line of standard input.")
            boolean passwordStdin;
        }

        @Override
        public Integer call() {
            if (FederationConfig.DEFAULT_INBOX.equals(inbox) && credentials != null
                    && credentials.userPassword != null && !Peer.validName(credentials.userPassword.user)) {
                throw new UsageException("--user '" + credentials.userPassword.user + "' cannot push into "
                        + inbox + ": a Datong node keeps each peer's pushes in a collection named after the"
                        + " pushing account, so the account must be named like a partner (1-63 letters, digits,"
                        + " '.', '_' or '-', starting with a letter or digit), as the peer knows this node");
            }
            Peer.Auth auth = auth();
            Peer peer;
            try {
                peer = new Peer(partner, new URI(url), identity, key, collections, inbox, auth);
            } catch (URISyntaxException e) {
                throw new UsageException("peer URL '" + url + "' is not a URL: " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            try (Database db = data.openDatabase()) {
                new PeerRegistry(db, Clock.systemUTC()).add(peer);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("added peer " + peer.name() + " at " + peer.apiRoot()
                    + (peer.collections().isEmpty() ? "" : "; pulls " + String.join(",", peer.collections()))
                    + (peer.inbox() == null ? "" : "; pushes into " + peer.inbox()));
            out.flush();
            return Main.OK;
        }

        private Peer.Auth auth() {
            if (credentials == null) {
                return new Peer.Auth.None();
            }
            if (credentials.token != null) {
                return new Peer.Auth.Token(credentials.token);
            }
            String password;
            try {
                password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                throw new UsageException("cannot read the password from standard input: " + e.getMessage());
            }
            if (password == null || password.isEmpty()) {
                throw new UsageException("--password-stdin: standard input gave no password");
            }
            return new Peer.Auth.Basic(credentials.userPassword.user, password);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the peers (credentials are never shown).")
    static final class ListPeers implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        NodeOptions data;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Database db = data.openDatabase()) {
                List<Peer> peers = new PeerRegistry(db, Clock.systemUTC()).list();
                if (peers.isEmpty()) {
                    out.println("no peers");
                }
                out.printf("%-16s %-40s %-12s %-20s %-16s %s%n", "PEER", "URL", "AUTH", "PULLS", "PUSHES INTO", "KEY");
                for (Peer p : peers) {
                    out.printf("%-16s %-40s %-12s %-20s %-16s %s%n", p.name(), p.apiRoot(), p.auth().describe(),
                            p.collections().isEmpty() ? "-" : String.join(",", p.collections()),
                            p.inbox() == null ? "-" : p.inbox(), p.publicKey());
                }
            }
            out.flush();
            return Main.OK;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"Show each peer's sync health: per direction the lag, the push backlog, last success and"
                    + " last error; counts and cursors. Reads the data folder, whether the node runs or not.",
                    "Exit 0 when every peer's last exchange succeeded, 1 when any is failing."})
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        NodeOptions data;

        @Parameters(arity = "0..1", paramLabel = "PEER", description = "Only this peer.")
        String only;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            boolean failing = false;
            try (Database db = data.openDatabase()) {
                Clock clock = Clock.systemUTC();
                PeerRegistry registry = new PeerRegistry(db, clock);
                ObjectStore store = ObjectStore.open(db, clock);
                List<Peer> peers = only == null ? registry.list() : registry.get(only).map(List::of)
                        .orElseThrow(() -> new UsageException("no peer named " + only));
                if (peers.isEmpty()) {
                    out.println("no peers");
                }
                for (Peer p : peers) {
                    PeerStatus st = PeerStatus.of(p, registry, store, FederationConfig.defaults(), clock);
                    PeerRegistry.State s = st.state();
                    failing |= st.failing();
                    out.println(p.name() + "  " + p.apiRoot());
                    out.println("  last success:  " + when(s.lastSuccess()));
                    out.println("  last error:    " + (s.lastError() == null ? "-" : when(s.lastErrorAt()) + "  " + s.lastError()));
                    out.println("  failures:      " + s.failures() + " in a row");
                    out.println("  received:      " + s.received() + "  refused: " + s.refused() + "  sent: " + s.sent());
                    out.println("  push:          backlog " + st.pushBacklog() + "  lag " + seconds(st.pushLag())
                            + "  " + link(st.push()));
                    out.println("  pull:          " + (st.pullLag() == null ? "-  (nothing is pulled from this peer)"
                            : "lag " + seconds(st.pullLag()) + "  " + link(st.pull())));
                    printCursors(out, "pull cursor", registry.cursors(p.name(), PeerRegistry.Direction.PULL));
                    printCursors(out, "push cursor", registry.cursors(p.name(), PeerRegistry.Direction.PUSH));
                }
            }
            out.flush();
            return failing ? Main.NEGATIVE : Main.OK;
        }

        private static void printCursors(PrintWriter out, String label, Map<String, String> cursors) {
            if (cursors.isEmpty()) {
                out.printf("  %-14s -%n", label + ":");
            }
            cursors.forEach((c, pos) -> out.printf("  %-14s %s at %s%n", label + ":", c, readable(pos)));
        }

        /** A push position "millis:count" as the time of the last object delivered; pull positions are times already. */
        private static String readable(String position) {
            int colon = position.indexOf(':');
            if (colon > 0 && position.chars().allMatch(ch -> ch == ':' || Character.isDigit(ch))) {
                return "objects added up to " + Instant.ofEpochMilli(Long.parseLong(position.substring(0, colon)));
            }
            return position;
        }

        private static String link(PeerRegistry.Link l) {
            return "last success " + when(l.lastSuccess()) + "  last error "
                    + (l.lastError() == null ? "-" : when(l.lastErrorAt()) + " " + l.lastError());
        }

        /** A duration in seconds with millisecond precision, e.g. {@code 12.345s}. */
        private static String seconds(java.time.Duration d) {
            return String.format(java.util.Locale.ROOT, "%.3fs", d.toMillis() / 1000.0);
        }

        private static String when(Instant t) {
            return t == null ? "never" : t.toString();
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = {"Remove a peer and its cursors. Exit 0 when removed, 1 when there was no such peer."})
    static final class Remove implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        NodeOptions data;

        @Parameters(index = "0", paramLabel = "PEER")
        String name;

        @Override
        public Integer call() {
            try (Database db = data.openDatabase()) {
                boolean removed = new PeerRegistry(db, Clock.systemUTC()).remove(name);
                if (!removed) {
                    spec.commandLine().getErr().println("datong: no peer named " + name);
                    return Main.NEGATIVE;
                }
            }
            spec.commandLine().getOut().println("removed peer " + name);
            spec.commandLine().getOut().flush();
            return Main.OK;
        }
    }
}
