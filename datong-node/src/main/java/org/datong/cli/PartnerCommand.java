package org.datong.cli;

import org.datong.policy.Partner;
import org.datong.policy.store.SharingGate;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonObject;
import org.datong.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code datong partner add|list|show|set-key}: the members this node shares with. */
@Command(name = "partner", mixinStandardHelpOptions = true,
        description = "Manage partners: the members this node shares with (identity, jurisdiction, sector, public key).",
        subcommands = {PartnerCommand.Add.class, PartnerCommand.ListPartners.class, PartnerCommand.Show.class,
                PartnerCommand.SetKey.class})
final class PartnerCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static JsonObject toJson(Partner p) {
        return JsonObject.builder().put("name", p.name()).put("identity", p.identityId())
                .put("jurisdiction", p.jurisdiction()).putIfNotNull("sector", p.sector())
                .putIfNotNull("public_key", p.publicKey()).build();
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add a partner. Exit 0 when added, 2 on a usage error or when the name or identity is taken."})
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        NodeOptions data;

        @Parameters(index = "0", paramLabel = "NAME", description = "Short name (letters, digits, '.', '_', '-').")
        String name;

        @Option(names = "--identity", required = true, paramLabel = "ID", description = "The partner's STIX identity id (identity--UUID).")
        String identity;

        @Option(names = "--jurisdiction", required = true, paramLabel = "CC", description = "ISO 3166-1 alpha-2 country code, e.g. CN.")
        String jurisdiction;

        @Option(names = "--sector", paramLabel = "S", description = "The partner's sector, e.g. energy.")
        String sector;

        @Option(names = "--key", paramLabel = "BASE64URL", description = "The partner's Ed25519 public key: base64url of the raw 32 bytes.")
        String key;

        @Override
        public Integer call() {
            Partner p;
            try {
                p = new Partner(identity, name, jurisdiction, sector, key);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            try (Database db = data.openDatabase()) {
                SharingGate gate = PolicyCli.gate(db, data.dataDir());
                gate.store().addPartner(p);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("added partner " + p.name() + " (" + p.identityId() + ", " + p.jurisdiction()
                    + (p.sector() == null ? "" : ", " + p.sector()) + (p.publicKey() == null ? ", no key" : ", key set") + ")");
            out.flush();
            return Main.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the partners.")
    static final class ListPartners implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        NodeOptions data;
        @Option(names = "--json", description = "Print a JSON array.")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Database db = data.openDatabase()) {
                List<Partner> all = PolicyCli.gate(db, data.dataDir()).store().partners();
                if (json) {
                    List<org.datong.stix.json.JsonValue> items = new ArrayList<>();
                    all.forEach(p -> items.add(toJson(p)));
                    out.println(Json.writePretty(JsonArray.of(items)));
                } else if (all.isEmpty()) {
                    out.println("no partners");
                } else {
                    out.printf("%-16s %-48s %-4s %-14s %s%n", "PARTNER", "IDENTITY", "CC", "SECTOR", "KEY");
                    for (Partner p : all) {
                        out.printf("%-16s %-48s %-4s %-14s %s%n", p.name(), p.identityId(), p.jurisdiction(),
                                p.sector() == null ? "-" : p.sector(), p.publicKey() == null ? "-" : p.publicKey());
                    }
                }
            }
            out.flush();
            return Main.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one partner (exit 1 when there is none).")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        NodeOptions data;
        @Parameters(index = "0", paramLabel = "PARTNER", description = "Short name or identity id.")
        String partner;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Database db = data.openDatabase()) {
                var p = PolicyCli.gate(db, data.dataDir()).store().partner(partner);
                if (p.isEmpty()) {
                    spec.commandLine().getErr().println("datong: no partner " + partner);
                    return Main.NEGATIVE;
                }
                out.println(Json.writePretty(toJson(p.get())));
            }
            out.flush();
            return Main.OK;
        }
    }

    @Command(name = "set-key", mixinStandardHelpOptions = true, description = "Set or replace a partner's Ed25519 public key.")
    static final class SetKey implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        NodeOptions data;
        @Parameters(index = "0", paramLabel = "PARTNER", description = "Short name or identity id.")
        String partner;
        @Parameters(index = "1", paramLabel = "BASE64URL", description = "base64url of the raw 32-byte key.")
        String key;

        @Override
        public Integer call() {
            try (Database db = data.openDatabase()) {
                Partner p = PolicyCli.gate(db, data.dataDir()).store().setPartnerKey(partner, key);
                spec.commandLine().getOut().println("partner " + p.name() + " key set");
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            spec.commandLine().getOut().flush();
            return Main.OK;
        }
    }
}
