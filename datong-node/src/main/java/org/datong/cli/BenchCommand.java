package org.datong.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code datong bench ...}: end-to-end benchmarks that run real components and
 * print a table. Micro-benchmarks of single hot paths live in the JMH module.
 */
@Command(name = "bench",
        description = "Run an end-to-end benchmark and print a table of measured numbers.",
        subcommands = {
                BenchTaxiiCommand.class,
                BenchMatchCommand.class,
                BenchSyncCommand.class,
        })
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
