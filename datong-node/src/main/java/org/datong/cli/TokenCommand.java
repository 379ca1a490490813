package org.datong.cli;

import org.datong.auth.Accounts;
import org.datong.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.Clock;
import java.util.concurrent.Callable;

/** {@code datong token create USER}: an API token for HTTP {@code Authorization: Bearer}. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Manage API tokens.",
        subcommands = {TokenCommand.Create.class})
final class TokenCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create an API token for a user and print it. It is shown only this once:"
                    + " the node keeps only its hash.", "Exit 2 when the user does not exist."})
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        NodeOptions node;

        @Parameters(index = "0", paramLabel = "USER", description = "The user the token acts as.")
        String user;

        @Option(names = "--label", paramLabel = "TEXT", description = "What the token is for (kept with it).")
        String label;

        @Override
        public Integer call() {
            String token;
            try (Database db = node.openDatabase()) {
                token = new Accounts(db, Clock.systemUTC()).createToken(user, label);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            spec.commandLine().getOut().println(token);
            return Main.OK;
        }
    }
}
