package org.datong.cli;

import org.datong.ledger.Ledger;
import org.datong.policy.store.SharingGate;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonValue;
import org.datong.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code datong ledger verify|report|list}: the hash-chained record of every crossing. */
@Command(name = "ledger", mixinStandardHelpOptions = true,
        description = "The hash-chained ledger of every object sent, received, refused, denied or reviewed, and every policy change.",
        subcommands = {LedgerCommand.Verify.class, LedgerCommand.Report.class, LedgerCommand.ListEntries.class})
final class LedgerCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The ledger alone: reading it never creates rules files or writes entries. */
    static Ledger ledger(Database db) {
        return new Ledger(db, Clock.systemUTC());
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check the whole chain. Exit 0 when every entry holds,",
                    "1 when any entry was altered, removed or reordered (the first bad entry is named)."})
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        NodeOptions data;

        @Override
        public Integer call() {
            try (Database db = data.openDatabase()) {
                Ledger.Verification v = ledger(db).verify();
                if (v.ok()) {
                    spec.commandLine().getOut().println("ok: " + v.entries() + " entries, chain intact");
                    spec.commandLine().getOut().flush();
                    return Main.OK;
                }
                spec.commandLine().getOut().println("BROKEN at entry " + v.firstBad() + ": " + v.problem());
                spec.commandLine().getOut().flush();
                return Main.NEGATIVE;
            }
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "Counts for a partner (or all) since a time: entries by kind, crossings by type, TLP and grade, denials by rule.")
    static final class Report implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        NodeOptions data;
        @Option(names = "--partner", paramLabel = "P", description = "Partner short name or identity id (default: all).")
        String partner;
        @Option(names = "--since", paramLabel = "T", description = "Date (2026-03-01) or instant (2026-03-01T10:00:00Z).")
        String since;
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            Instant from = PolicyCli.instant("--since", since);
            PrintWriter out = spec.commandLine().getOut();
            try (Database db = data.openDatabase()) {
                String name = partnerName(db, data, partner);
                Ledger.Report r = ledger(db).report(name, from);
                if (json) {
                    out.println(Json.writePretty(r.toJson()));
                } else {
                    out.println("ledger report" + (name == null ? "" : " for " + name) + (from == null ? "" : " since " + from)
                            + ": " + r.entries() + " entries");
                    section(out, "entries by kind", r.byKind());
                    section(out, "crossings by type", r.byType());
                    section(out, "crossings by TLP", r.byTlp());
                    section(out, "crossings by grade", r.byGrade());
                    section(out, "denials and refusals by rule", r.denialsByRule());
                }
            }
            out.flush();
            return Main.OK;
        }

        private static void section(PrintWriter out, String title, Map<String, Long> counts) {
            out.println(title + ":");
            if (counts.isEmpty()) {
                out.println("  (none)");
            }
            counts.forEach((k, v) -> out.printf("  %-40s %d%n", k, v));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Print ledger entries, oldest first.")
    static final class ListEntries implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        NodeOptions data;
        @Option(names = "--partner", paramLabel = "P")
        String partner;
        @Option(names = "--since", paramLabel = "T")
        String since;
        @Option(names = "--limit", paramLabel = "N", description = "At most N entries (default 1000).")
        int limit = 1000;
        @Option(names = "--json", description = "Print a JSON array.")
        boolean json;

        @Override
        public Integer call() {
            Instant from = PolicyCli.instant("--since", since);
            PrintWriter out = spec.commandLine().getOut();
            try (Database db = data.openDatabase()) {
                List<Ledger.Entry> entries = ledger(db).list(partnerName(db, data, partner), from, limit);
                if (json) {
                    List<JsonValue> items = new ArrayList<>();
                    entries.forEach(e -> items.add(e.toJson()));
                    out.println(Json.writePretty(JsonArray.of(items)));
                } else {
                    for (Ledger.Entry e : entries) {
                        out.println(e.seq() + "  " + e.at() + "  " + e.kind().word() + "  " + (e.partner() == null ? "-" : e.partner())
                                + "  " + (e.objectId() == null ? "" : e.objectId() + "  ")
                                + (e.rules().isEmpty() ? "" : "[" + String.join(",", e.rules()) + "]  ")
                                + (e.detail() == null ? "" : e.detail()));
                    }
                }
            }
            out.flush();
            return Main.OK;
        }
    }

    /** A partner's short name from a name or identity id; unknown identity ids are usage errors, unknown names are kept (old entries). */
    static String partnerName(Database db, NodeOptions data, String partner) {
        if (partner == null) {
            return null;
        }
        SharingGate gate = PolicyCli.gate(db, data.dataDir());
        return gate.partner(partner).map(p -> p.name()).orElseGet(() -> {
            if (partner.startsWith("identity--")) {
                throw new UsageException("no partner with identity " + partner);
            }
            return partner;
        });
    }
}
