package org.datong.cli;

import org.datong.pattern.Patterns;
import org.datong.stix.Finding;
import org.datong.stix.Validation;
import org.datong.stix.Validator;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** {@code datong validate [--json] FILE...}: checks STIX 2.1 JSON files against the specification. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Validate STIX 2.1 JSON (objects or bundles) against the specification.",
                "Exit 0 when all inputs are valid, 1 when any is invalid, 2 on usage errors or unreadable files."})
final class ValidateCommand implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON array with an entry per input.")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to check; '-' reads standard input; .gz files are decompressed.")
    List<String> files;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean allValid = true;
        boolean unreadable = false;
        List<JsonValue> entries = new ArrayList<>();
        for (String name : files) {
            Validation.Report report;
            try (InputStream in = open(name)) {
                report = Validation.validate(in, Validator.standard().withPatternChecker(Patterns.checker()));
            } catch (NoSuchFileException e) {
                err.println("datong: cannot open " + name + ": no such file");
                unreadable = true;
                continue;
            } catch (IOException | UncheckedIOException e) {
                err.println("datong: cannot read " + name + ": " + rootMessage(e));
                unreadable = true;
                continue;
            }
            allValid &= report.valid();
            if (json) {
                entries.add(JsonObject.builder()
                        .put("file", name)
                        .put("valid", report.valid())
                        .put("findings", JsonArray.of(report.findings().stream().map(Finding::toJson).toList()))
                        .build());
            } else {
                printHuman(out, name, report);
            }
        }
        if (json) {
            out.println(Json.writePretty(JsonArray.of(entries)));
        }
        out.flush();
        if (unreadable) {
            return Main.USAGE;
        }
        return allValid ? Main.OK : Main.NEGATIVE;
    }

    private static void printHuman(PrintWriter out, String name, Validation.Report report) {
        long errors = report.findings().stream().filter(Finding::isError).count();
        long warnings = report.findings().size() - errors;
        out.printf("%s: %s (%d object%s, %d error%s, %d warning%s)%n", name, report.valid() ? "valid" : "INVALID",
                report.objects(), report.objects() == 1 ? "" : "s", errors, errors == 1 ? "" : "s",
                warnings, warnings == 1 ? "" : "s");
        for (Finding f : report.findings()) {
            out.println("  " + f);
        }
    }

    static InputStream open(String name) throws IOException {
        InputStream raw = "-".equals(name) ? System.in : Files.newInputStream(Path.of(name));
        InputStream in = new BufferedInputStream(raw, 1 << 16);
        if (name.endsWith(".gz")) {
            return new GZIPInputStream(in, 1 << 16);
        }
        return in;
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
