package org.datong.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The {@code datong} command. Every subcommand is listed here, in one place.
 *
 * <p>Exit codes are public interface: 0 success, 1 a negative answer (invalid
 * input, no match, a failed verification), 2 a usage error or an input that
 * cannot be opened, 3 an internal failure (reported in one line, never as a
 * stack trace).
 */
@Command(name = "datong",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Federated sharing of cyber-threat intelligence over STIX 2.1 and TAXII 2.1.",
        subcommands = {
                DemoCommand.class,
                ValidateCommand.class,
                InitCommand.class,
                PeerCommand.class,
                PatternCommand.class,
                ServeCommand.class,
                UserCommand.class,
                TokenCommand.class,
                CollectionCommand.class,
                ImportCommand.class,
                ExportCommand.class,
                TaxiiCommand.class,
                MatchCommand.class,
                PartnerCommand.class,
                AgreementCommand.class,
                PolicyCommand.class,
                ReviewCommand.class,
                LedgerCommand.class,
                BenchCommand.class,
                CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    /** Success. */
    public static final int OK = 0;
    /** A negative answer: invalid input, no match, failed verification. */
    public static final int NEGATIVE = 1;
    /** A usage error or an input that cannot be opened. */
    public static final int USAGE = 2;
    /** Something failed inside Datong. */
    public static final int INTERNAL = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given output streams and returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("datong: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof UsageException u) {
                commandLine.getErr().println("datong: " + u.getMessage());
                return USAGE;
            }
            commandLine.getErr().println("datong: internal error: " + ex);
            if (Boolean.getBoolean("datong.debug")) {
                ex.printStackTrace(commandLine.getErr());
            } else {
                commandLine.getErr().println("Run with -Ddatong.debug=true (JAVA_OPTS) for details.");
            }
            return INTERNAL;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version from the jar manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[]{"datong " + (v == null ? "development" : v),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
