package org.datong.cli;

import org.datong.policy.store.PolicyStore;
import org.datong.policy.store.Review;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonValue;
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

/** {@code datong review list|show|approve|reject}: objects waiting for a human decision before they leave. */
@Command(name = "review", mixinStandardHelpOptions = true,
        description = "The review queue: objects that wait for a human decision before they may go to a partner.",
        subcommands = {ReviewCommand.ListReviews.class, ReviewCommand.Show.class, ReviewCommand.Approve.class,
                ReviewCommand.Reject.class})
final class ReviewCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List reviews (pending ones by default).")
    static final class ListReviews implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        NodeOptions data;
        @Option(names = "--state", paramLabel = "S", description = "pending (default), approved, rejected or all.")
        String state = "pending";
        @Option(names = "--partner", paramLabel = "P", description = "Only for this partner.")
        String partner;
        @Option(names = "--json", description = "Print a JSON array.")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Review.State st;
            try {
                st = state.equalsIgnoreCase("all") ? null : Review.State.parse(state);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--state: " + e.getMessage() + " (or all)");
            }
            try (Database db = data.openDatabase()) {
                PolicyStore store = PolicyCli.gate(db, data.dataDir()).store();
                String name = partner == null ? null
                        : store.partner(partner).orElseThrow(() -> new UsageException("no partner " + partner)).name();
                List<Review> reviews = store.reviews(st, name);
                if (json) {
                    List<JsonValue> items = new ArrayList<>();
                    reviews.forEach(r -> items.add(r.toJson(false)));
                    out.println(Json.writePretty(JsonArray.of(items)));
                } else if (reviews.isEmpty()) {
                    out.println("no " + (st == null ? "" : st.word() + " ") + "reviews");
                } else {
                    out.printf("%-5s %-9s %-12s %-60s %-24s %s%n", "ID", "STATE", "PARTNER", "OBJECT", "QUEUED", "WHY");
                    for (Review r : reviews) {
                        out.printf("%-5d %-9s %-12s %-60s %-24s %s%n", r.id(), r.state().word(), r.partner(), r.objectId(),
                                r.createdAt(), String.join(",", r.rules()));
                    }
                }
            }
            out.flush();
            return Main.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one review with its explanation and the object as it would be sent.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        NodeOptions data;
        @Parameters(index = "0", paramLabel = "ID")
        long id;

        @Override
        public Integer call() {
            try (Database db = data.openDatabase()) {
                var r = PolicyCli.gate(db, data.dataDir()).store().review(id);
                if (r.isEmpty()) {
                    spec.commandLine().getErr().println("datong: no review " + id);
                    return Main.NEGATIVE;
                }
                spec.commandLine().getOut().println(Json.writePretty(r.get().toJson(true)));
            }
            spec.commandLine().getOut().flush();
            return Main.OK;
        }
    }

    /** Approve and reject differ only in the verdict. */
    abstract static class Decide implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        NodeOptions data;
        @Parameters(index = "0", paramLabel = "ID")
        long id;
        @Option(names = "--by", paramLabel = "NAME", description = "Who decides (default: the operating-system user).")
        String by = System.getProperty("user.name");
        @Option(names = "--note", paramLabel = "TEXT", description = "Why, for the record.")
        String note;

        abstract boolean approve();

        @Override
        public Integer call() {
            try (Database db = data.openDatabase()) {
                Review r = PolicyCli.gate(db, data.dataDir()).store().decide(id, approve(), by, note);
                spec.commandLine().getOut().println("review " + r.id() + " " + r.state().word() + " by " + r.decidedBy()
                        + " at " + r.decidedAt() + " (" + r.objectId() + " to " + r.partner() + ")");
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new UsageException(e.getMessage());
            }
            spec.commandLine().getOut().flush();
            return Main.OK;
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "Approve a pending review: the object goes to the partner on the next sync. Recorded in the ledger.")
    static final class Approve extends Decide {
        @Override
        boolean approve() {
            return true;
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true,
            description = "Reject a pending review: the object never goes to the partner in this form. Recorded in the ledger.")
    static final class Reject extends Decide {
        @Override
        boolean approve() {
            return false;
        }
    }
}
