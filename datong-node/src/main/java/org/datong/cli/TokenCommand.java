package org.datong.cli;

import org.datong.auth.Accounts;
import org.datong.stix.Timestamp;
import org.datong.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code datong token create|list|revoke}: API tokens for HTTP {@code Authorization: Bearer}. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Manage API tokens.",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
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

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List API tokens, oldest first, one per line: id, user, created, label.",
                    "Secrets are never shown: the node keeps only their hashes."})
    static final class ListTokens implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        NodeOptions node;

        @Parameters(index = "0", arity = "0..1", paramLabel = "USER", description = "Only this user's tokens.")
        String user;

        @Override
        public Integer call() {
            List<Accounts.TokenInfo> tokens;
            try (Database db = node.openDatabase()) {
                tokens = new Accounts(db, Clock.systemUTC()).tokens(user);
            }
            for (Accounts.TokenInfo t : tokens) {
                spec.commandLine().getOut().println(t.id() + "\t" + t.user() + "\t" + Timestamp.of(t.created()).text()
                        + "\t" + (t.label() == null ? "" : t.label()));
            }
            return Main.OK;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = {"Revoke an API token (its id as `token list` shows it). A running node answers it"
                    + " with 401 from its next request.", "Exit 0 when revoked, 2 when there is no such token."})
    static final class Revoke implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        NodeOptions node;

        @Parameters(index = "0", paramLabel = "ID", description = "The token's id.")
        String id;

        @Override
        public Integer call() {
            try (Database db = node.openDatabase()) {
                new Accounts(db, Clock.systemUTC()).revokeToken(id);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            spec.commandLine().getOut().println("revoked token " + id);
            return Main.OK;
        }
    }
}
