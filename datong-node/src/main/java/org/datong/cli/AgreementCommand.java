package org.datong.cli;

import org.datong.policy.Agreement;
import org.datong.policy.GradeScheme;
import org.datong.policy.PersonalData;
import org.datong.policy.Tlp;
import org.datong.policy.store.PolicyStore;
import org.datong.policy.store.SharingGate;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonValue;
import org.datong.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code datong agreement create|list|show|set-state}: what this node agreed with each partner. */
@Command(name = "agreement", mixinStandardHelpOptions = true,
        description = "Manage sharing agreements with partners.",
        subcommands = {AgreementCommand.Create.class, AgreementCommand.ListAgreements.class, AgreementCommand.Show.class,
                AgreementCommand.SetState.class})
final class AgreementCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static JsonObject toJson(Agreement a, Instant now) {
        return JsonObject.builder().put("id", a.id()).put("partner", a.partner()).put("direction", a.direction().word())
                .put("collections", JsonArray.ofStrings(a.collections().stream().sorted().toList()))
                .put("object_types", JsonArray.ofStrings(a.objectTypes().stream().sorted().toList()))
                .put("max_tlp", a.maxTlp().word()).put("max_grade", a.maxGrade())
                .put("personal_data", a.personalData().word()).put("relay_allowed", a.relayAllowed())
                .put("review_grades", JsonArray.ofStrings(a.reviewGrades().stream().sorted().toList()))
                .putIfNotNull("valid_from", a.validFrom() == null ? null : a.validFrom().toString())
                .putIfNotNull("valid_until", a.validUntil() == null ? null : a.validUntil().toString())
                .put("state", a.state().word()).put("state_now", a.stateAt(now).word()).build();
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create an agreement with a partner; prints its id. New agreements are proposed unless --state says otherwise.",
                    "Exit 0 when created, 2 on a usage error."})
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        NodeOptions data;

        @Option(names = "--partner", required = true, paramLabel = "P", description = "Partner short name or identity id.")
        String partner;
        @Option(names = "--direction", required = true, paramLabel = "D", description = "send, receive or both.")
        String direction;
        @Option(names = "--collections", split = ",", paramLabel = "C", description = "Collection ids covered (default *: all).")
        List<String> collections = List.of(Agreement.ALL);
        @Option(names = "--types", split = ",", paramLabel = "T", description = "STIX types covered (default *: all).")
        List<String> types = List.of(Agreement.ALL);
        @Option(names = "--max-tlp", required = true, paramLabel = "TLP", description = "Most restrictive TLP allowed: clear, green, amber, amber+strict, red.")
        String maxTlp;
        @Option(names = "--max-grade", required = true, paramLabel = "G", description = "Highest grade allowed, e.g. general, important, core.")
        String maxGrade;
        @Option(names = "--personal-data", paramLabel = "T", description = "keep, minimise (default) or drop.")
        String personalData = "minimise";
        @Option(names = "--relay", description = "Objects received under it may be forwarded to third parties.")
        boolean relay;
        @Option(names = "--review-grades", split = ",", paramLabel = "G", description = "Grades that need a human review before they leave.")
        List<String> reviewGrades = List.of();
        @Option(names = "--valid-from", paramLabel = "T", description = "Start (date or instant).")
        String validFrom;
        @Option(names = "--valid-until", paramLabel = "T", description = "End, exclusive (date or instant).")
        String validUntil;
        @Option(names = "--state", paramLabel = "S", description = "proposed (default), active, suspended or expired.")
        String state = "proposed";

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Database db = data.openDatabase()) {
                SharingGate gate = PolicyCli.gate(db, data.dataDir());
                GradeScheme scheme = gate.policy().rules().scheme();
                PolicyStore.AgreementTerms terms;
                try {
                    Set<String> grades = new LinkedHashSet<>();
                    for (String g : reviewGrades) {
                        grades.add(scheme.parse(g));
                    }
                    terms = new PolicyStore.AgreementTerms(partner, parseDirection(direction), new LinkedHashSet<>(collections),
                            new LinkedHashSet<>(types), Tlp.parse(maxTlp), scheme.parse(maxGrade),
                            PersonalData.Treatment.parse(personalData), relay, grades,
                            PolicyCli.instant("--valid-from", validFrom), PolicyCli.instant("--valid-until", validUntil),
                            parseState(state));
                    Agreement a = gate.store().createAgreement(terms);
                    out.println(a.id());
                    out.println("  " + PolicyStore.describe(a));
                } catch (IllegalArgumentException e) {
                    throw new UsageException(e.getMessage());
                }
            }
            out.flush();
            return Main.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List agreements.")
    static final class ListAgreements implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        NodeOptions data;
        @Option(names = "--partner", paramLabel = "P", description = "Only this partner's.")
        String partner;
        @Option(names = "--json", description = "Print a JSON array.")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Instant now = Instant.now();
            try (Database db = data.openDatabase()) {
                PolicyStore store = PolicyCli.gate(db, data.dataDir()).store();
                List<Agreement> all;
                if (partner == null) {
                    all = store.agreements();
                } else {
                    String name = store.partner(partner).orElseThrow(() -> new UsageException("no partner " + partner)).name();
                    all = store.agreements(name);
                }
                if (json) {
                    List<JsonValue> items = new ArrayList<>();
                    all.forEach(a -> items.add(toJson(a, now)));
                    out.println(Json.writePretty(JsonArray.of(items)));
                } else if (all.isEmpty()) {
                    out.println("no agreements");
                } else {
                    for (Agreement a : all) {
                        out.println(a.id() + "  " + a.stateAt(now).word() + "  " + PolicyStore.describe(a));
                    }
                }
            }
            out.flush();
            return Main.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one agreement as JSON (exit 1 when there is none).")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        NodeOptions data;
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            try (Database db = data.openDatabase()) {
                var a = PolicyCli.gate(db, data.dataDir()).store().agreement(id);
                if (a.isEmpty()) {
                    spec.commandLine().getErr().println("datong: no agreement " + id);
                    return Main.NEGATIVE;
                }
                spec.commandLine().getOut().println(Json.writePretty(toJson(a.get(), Instant.now())));
            }
            spec.commandLine().getOut().flush();
            return Main.OK;
        }
    }

    @Command(name = "set-state", mixinStandardHelpOptions = true,
            description = "Change an agreement's state: proposed, active, suspended or expired (recorded in the ledger).")
    static final class SetState implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        NodeOptions data;
        @Parameters(index = "0", paramLabel = "ID")
        String id;
        @Parameters(index = "1", paramLabel = "STATE")
        String state;

        @Override
        public Integer call() {
            try (Database db = data.openDatabase()) {
                Agreement a = PolicyCli.gate(db, data.dataDir()).store().setAgreementState(id, parseState(state));
                spec.commandLine().getOut().println("agreement " + a.id() + " is now " + a.state().word());
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            spec.commandLine().getOut().flush();
            return Main.OK;
        }
    }

    static Agreement.Direction parseDirection(String s) {
        try {
            return Agreement.Direction.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--direction: '" + s + "' is not one of send, receive, both");
        }
    }

    static Agreement.State parseState(String s) {
        try {
            return Agreement.State.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("state '" + s + "' is not one of proposed, active, suspended, expired");
        }
    }
}
