package org.datong.cli;

import org.datong.policy.Decision;
import org.datong.policy.JurisdictionRules;
import org.datong.policy.Markings;
import org.datong.policy.RulesException;
import org.datong.policy.store.RulesFile;
import org.datong.policy.store.SharingGate;
import org.datong.stix.StixObject;
import org.datong.stix.StixReader;
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

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code datong policy explain|check|grade|markings}: the sharing policy. */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = "Explain sharing decisions, check the jurisdiction rules, set collection grades, print Datong's markings.",
        subcommands = {PolicyCommand.Explain.class, PolicyCommand.Check.class, PolicyCommand.Grade.class,
                PolicyCommand.MarkingsCmd.class})
final class PolicyCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "explain", mixinStandardHelpOptions = true,
            description = {"Decide, without sending or recording anything, whether each object in FILE (an object or a bundle; - for stdin)",
                    "may go to the partner, and explain why in plain words.",
                    "Exit 0 when every object would be allowed, 1 when any would be denied or sent to review, 2 on usage errors."})
    static final class Explain implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        NodeOptions data;
        @Parameters(index = "0", paramLabel = "FILE")
        String file;
        @Option(names = "--partner", required = true, paramLabel = "P", description = "Partner short name or identity id.")
        String partner;
        @Option(names = "--collection", paramLabel = "C", description = "The collection the objects are shared from (default: any).")
        String collection;
        @Option(names = "--show-object", description = "Also print each object as it would be sent.")
        boolean showObject;
        @Option(names = "--json", description = "Print a JSON array of decisions.")
        boolean json;

        @Override
        public Integer call() {
            List<StixObject> objects = read(file);
            PrintWriter out = spec.commandLine().getOut();
            boolean allAllowed = true;
            try (Database db = data.openDatabase()) {
                SharingGate gate = PolicyCli.gate(db, data.dataDir());
                if (gate.partner(partner).isEmpty()) {
                    throw new UsageException("no partner " + partner + "; add it with 'datong partner add'");
                }
                List<Decision> decisions = gate.explain(partner, collection, objects);
                List<JsonValue> items = new ArrayList<>();
                for (Decision d : decisions) {
                    allAllowed &= d instanceof Decision.Allow;
                    StixObject result = switch (d) {
                        case Decision.Allow a -> a.object();
                        case Decision.Review r -> r.object();
                        case Decision.Deny x -> null;
                    };
                    if (json) {
                        items.add(toJson(d, result));
                    } else {
                        out.print(d.explain());
                        if (showObject && result != null) {
                            out.println(Json.writePretty(result.json()));
                        }
                    }
                }
                if (json) {
                    out.println(Json.writePretty(JsonArray.of(items)));
                }
            }
            out.flush();
            return allAllowed ? Main.OK : Main.NEGATIVE;
        }

        static JsonObject toJson(Decision d, StixObject result) {
            List<JsonValue> rules = new ArrayList<>();
            for (Decision.Applied a : d.rules()) {
                rules.add(JsonObject.builder().put("rule", a.rule()).put("words", a.words()).put("decisive", a.decisive()).build());
            }
            Decision.Facts f = d.facts();
            return JsonObject.builder().put("object_id", f.objectId()).put("verdict", d.verdict())
                    .putIfNotNull("tlp", f.tlp() == null ? null : f.tlp().word()).putIfNotNull("grade", f.grade())
                    .putIfNotNull("agreement", f.agreement()).put("rules", JsonArray.of(rules))
                    .putIfNotNull("object", result == null ? null : result.json()).build();
        }
    }

    /** Reads every object of a file or stdin; any problem is a usage error naming where. */
    static List<StixObject> read(String file) {
        List<StixObject> out = new ArrayList<>();
        try (InputStream in = file.equals("-") ? System.in : Files.newInputStream(Path.of(file));
             StixReader reader = StixReader.open(in)) {
            StixReader.Item item;
            while ((item = reader.next()) != null) {
                switch (item) {
                    case StixReader.Broken b -> throw new UsageException(file + ": not valid JSON: " + b.error().getMessage());
                    case StixReader.Element e -> {
                        JsonObject o = e.object();
                        if (o == null || o.getString("type") == null || o.getString("id") == null) {
                            throw new UsageException(file + ": " + e.path() + " (line " + e.line()
                                    + ") is not a STIX object with string 'type' and 'id'");
                        }
                        out.add(StixObject.of(o));
                    }
                }
            }
        } catch (NoSuchFileException e) {
            throw new UsageException(file + ": no such file");
        } catch (IOException e) {
            throw new UsageException(file + ": cannot be read: " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw new UsageException(file + ": holds no STIX objects");
        }
        return out;
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Check the jurisdiction rules file (DATA/policy/rules.json; created with safe defaults when missing).",
                    "Exit 0 when it is valid, 1 when not (every problem is printed with its JSON path)."})
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        NodeOptions data;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                JurisdictionRules rules = RulesFile.load(data.dataDir());
                out.println("ok: " + RulesFile.path(data.dataDir()));
                out.println("  jurisdiction " + rules.jurisdiction() + ", unmarked objects count as " + rules.defaultTlp().label()
                        + " and grade " + rules.defaultGrade() + ", grades " + String.join(" < ", rules.scheme().grades())
                        + (rules.personalIpAddresses() ? ", IP addresses are personal" : ""));
                for (JurisdictionRules.Rule r : rules.rules()) {
                    out.println("  " + r.id() + ": " + r.action().word() + " - " + r.describe());
                }
                out.flush();
                return Main.OK;
            } catch (RulesException e) {
                PrintWriter err = spec.commandLine().getErr();
                e.problems().forEach(err::println);
                err.flush();
                return Main.NEGATIVE;
            }
        }
    }

    @Command(name = "grade", mixinStandardHelpOptions = true,
            description = {"Show the default grade of every collection, or set one: 'datong policy grade COLLECTION GRADE'.",
                    "Objects without a grade marking take their collection's grade."})
    static final class Grade implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        NodeOptions data;
        @Parameters(index = "0", arity = "0..1", paramLabel = "COLLECTION")
        String collection;
        @Parameters(index = "1", arity = "0..1", paramLabel = "GRADE")
        String grade;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Database db = data.openDatabase()) {
                SharingGate gate = PolicyCli.gate(db, data.dataDir());
                if (collection == null) {
                    Map<String, String> all = gate.store().collectionGrades();
                    if (all.isEmpty()) {
                        out.println("no collection grades; objects without a grade count as " + gate.policy().rules().defaultGrade());
                    }
                    all.forEach((c, g) -> out.println(c + "  " + g));
                } else if (grade == null) {
                    out.println(collection + "  " + gate.store().collectionGrade(collection)
                            .orElse("(none; objects count as " + gate.policy().rules().defaultGrade() + ")"));
                } else {
                    String g;
                    try {
                        g = gate.policy().rules().scheme().parse(grade);
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(e.getMessage());
                    }
                    gate.store().setCollectionGrade(collection, g);
                    out.println("collection " + collection + " default grade " + g);
                }
            }
            out.flush();
            return Main.OK;
        }
    }

    @Command(name = "markings", mixinStandardHelpOptions = true,
            description = "Print a bundle of the marking-definitions Datong knows by fixed id: TLP 1.0 and 2.0, Datong's grades and PAP with their extension-definitions.")
    static final class MarkingsCmd implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            List<JsonValue> objects = new ArrayList<>(Markings.tlpDefinitions());
            objects.addAll(Markings.datongBundle().getArray("objects"));
            JsonObject bundle = Markings.datongBundle().with("objects", JsonArray.of(objects));
            spec.commandLine().getOut().println(Json.writePretty(bundle));
            spec.commandLine().getOut().flush();
            return Main.OK;
        }
    }
}
