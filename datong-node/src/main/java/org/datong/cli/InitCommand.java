package org.datong.cli;

import org.datong.federation.NodeIdentity;
import org.datong.node.DataDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

/** {@code datong init --name NAME [--jurisdiction CC] [--data DIR]}: creates a node's identity and signing key. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Create this node's STIX identity and Ed25519 signing key in the data folder.",
                "Prints the identity id and the public key to give to peers ('datong peer add ... --key KEY')."})
final class InitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", description = "Data folder (default: $DATONG_DATA, else ~/.datong).")
    Path data;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "The organisation's name, shown to peers.")
    String name;

    @Option(names = "--jurisdiction", paramLabel = "CC", description = "ISO 3166-1 alpha-2 country code of the node's jurisdiction.")
    String jurisdiction;

    @Override
    public Integer call() {
        Path dir = DataDir.resolve(data);
        if (NodeIdentity.exists(dir)) {
            NodeIdentity existing = NodeIdentity.load(dir);
            throw new UsageException(dir + " already holds the identity of " + existing
                    + "; a node's identity is never replaced");
        }
        NodeIdentity me;
        try {
            me = NodeIdentity.create(dir, name, jurisdiction, Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        } catch (UncheckedIOException e) {
            throw new UsageException(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("identity:     " + me.id());
        out.println("name:         " + me.name());
        if (me.jurisdiction() != null) {
            out.println("jurisdiction: " + me.jurisdiction());
        }
        out.println("public key:   " + me.publicKeyText());
        out.println("data:         " + dir);
        out.flush();
        return Main.OK;
    }
}
