package org.datong.cli;

import org.datong.auth.Accounts;
import org.datong.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code datong user add|list|passwd|remove}: the people and programs that may sign in to a node. */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage the users of a node.",
        subcommands = {UserCommand.Add.class, UserCommand.ListUsers.class, UserCommand.Passwd.class,
                UserCommand.Remove.class, UserCommand.Groups.class})
final class UserCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add a user; the password is read from the first line of standard input.",
                    "Exit 0 when added, 2 when the name is taken or malformed or the password is too short."})
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        NodeOptions node;

        @Parameters(index = "0", paramLabel = "USER", description = "User name.")
        String name;

        @Option(names = "--password-stdin", required = true,
                description = "Read the password from standard input (it is never taken from the command line).")
        boolean passwordStdin;

        @Option(names = "--groups", split = ",", paramLabel = "G", description = "Groups the user belongs to (comma-separated).")
        List<String> groups = List.of();

        @Override
        public Integer call() throws IOException {
            char[] password = readPassword();
            try (Database db = node.openDatabase()) {
                new Accounts(db, Clock.systemUTC()).addUser(name, password, new LinkedHashSet<>(groups));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            } finally {
                Arrays.fill(password, '\0');
            }
            spec.commandLine().getOut().println("added user " + name
                    + (groups.isEmpty() ? "" : " in group(s) " + String.join(", ", groups)));
            return Main.OK;
        }

    }

    /** The first line of standard input: passwords never come from the command line. */
    private static char[] readPassword() throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = r.readLine();
        if (line == null || line.isEmpty()) {
            throw new UsageException("no password on standard input");
        }
        return line.toCharArray();
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true,
            description = {"Set a user's password, read from the first line of standard input. A running node"
                    + " refuses the old password from its next request.",
                    "Exit 0 when changed, 2 when there is no such user or the password is too short."})
    static final class Passwd implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        NodeOptions node;

        @Parameters(index = "0", paramLabel = "USER", description = "User name.")
        String name;

        @Option(names = "--password-stdin", required = true,
                description = "Read the new password from standard input (it is never taken from the command line).")
        boolean passwordStdin;

        @Override
        public Integer call() throws IOException {
            char[] password = readPassword();
            try (Database db = node.openDatabase()) {
                new Accounts(db, Clock.systemUTC()).setPassword(name, password);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            } finally {
                Arrays.fill(password, '\0');
            }
            spec.commandLine().getOut().println("changed the password of " + name);
            return Main.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = {"Remove a user, their groups and API tokens. A running node answers their"
                    + " credentials with 401 from its next request. Rights that collections grant to the name stay.",
                    "Exit 0 when removed, 2 when there is no such user."})
    static final class Remove implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        NodeOptions node;

        @Parameters(index = "0", paramLabel = "USER", description = "User name.")
        String name;

        @Override
        public Integer call() {
            int tokens;
            try (Database db = node.openDatabase()) {
                tokens = new Accounts(db, Clock.systemUTC()).removeUser(name);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            spec.commandLine().getOut().println("removed user " + name + " and " + tokens + " API token(s)");
            return Main.OK;
        }
    }

    @Command(name = "groups", mixinStandardHelpOptions = true,
            description = {"Print a user's groups, or replace them with GROUPS (comma-separated; '' for none)."
                    + " A running node applies the change from its next request.",
                    "Exit 0 on success, 2 when there is no such user or a group name is malformed."})
    static final class Groups implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        NodeOptions node;

        @Parameters(index = "0", paramLabel = "USER", description = "User name.")
        String name;

        @Parameters(index = "1", arity = "0..1", paramLabel = "GROUPS", description = "The new groups, comma-separated.")
        String groups;

        @Override
        public Integer call() {
            try (Database db = node.openDatabase()) {
                Accounts accounts = new Accounts(db, Clock.systemUTC());
                if (groups != null) {
                    accounts.setGroups(name, groups.isEmpty() ? Set.of()
                            : new LinkedHashSet<>(List.of(groups.split(",", -1))));
                }
                spec.commandLine().getOut().println(name + ": " + String.join(",", accounts.groups(name)));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            return Main.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the users, one per line.")
    static final class ListUsers implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        NodeOptions node;

        @Override
        public Integer call() {
            try (Database db = node.openDatabase()) {
                new Accounts(db, Clock.systemUTC()).users().forEach(spec.commandLine().getOut()::println);
            }
            return Main.OK;
        }
    }
}
