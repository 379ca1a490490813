package org.datong.cli;

import org.datong.pattern.MatchResult;
import org.datong.pattern.Observations;
import org.datong.pattern.Pattern;
import org.datong.pattern.PatternException;
import org.datong.pattern.Patterns;
import org.datong.pattern.Problem;
import org.datong.stix.StixReader;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonValue;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code datong pattern validate|match}: STIX patterns from the command line (see docs/PATTERN.md). */
@Command(name = "pattern", mixinStandardHelpOptions = true,
        description = "Validate STIX patterns or evaluate them against observed data.",
        subcommands = {PatternCommand.Validate.class, PatternCommand.Match.class})
final class PatternCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code datong pattern validate [--json] [PATTERN]}. */
    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = {"Validate one STIX pattern, or one pattern per line from standard input (blank lines are skipped).",
                    "Prints 'valid' or 'invalid: <reason>' per pattern in input order; warnings go to standard error.",
                    "Exit 0 when all are valid, 1 otherwise, 2 when there is no pattern to read."})
    static final class Validate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print one JSON array with an entry per pattern: pattern, valid, problems.")
        boolean json;

        @Parameters(arity = "0..1", paramLabel = "PATTERN", description = "The pattern; when absent, patterns are read from standard input.")
        String pattern;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            List<String> patterns = pattern != null ? List.of(pattern) : nonBlankLines(System.in, "standard input");
            if (patterns.isEmpty()) {
                throw new UsageException("no pattern given: pass one as an argument or one per line on standard input");
            }
            boolean allValid = true;
            List<JsonValue> entries = new ArrayList<>();
            for (int n = 0; n < patterns.size(); n++) {
                String p = patterns.get(n);
                List<Problem> problems = Patterns.check(p);
                Problem firstError = problems.stream().filter(Problem::isError).findFirst().orElse(null);
                allValid &= firstError == null;
                if (json) {
                    List<JsonValue> found = new ArrayList<>();
                    for (Problem pr : problems) {
                        found.add(JsonObject.builder().put("severity", pr.severity().label()).put("line", pr.line())
                                .put("column", pr.column()).put("message", pr.message()).build());
                    }
                    entries.add(JsonObject.builder().put("pattern", p).put("valid", firstError == null)
                            .put("problems", JsonArray.of(found)).build());
                } else {
                    out.println(firstError == null ? "valid" : "invalid: " + firstError);
                    for (Problem pr : problems) {
                        if (!pr.isError()) {
                            err.println("warning: pattern " + (n + 1) + " at " + pr);
                        }
                    }
                }
            }
            if (json) {
                out.println(Json.writePretty(JsonArray.of(entries)));
            }
            out.flush();
            return allValid ? Main.OK : Main.NEGATIVE;
        }
    }

    /** {@code datong pattern match --pattern P | --patterns FILE OBSERVED.json}. */
    @Command(name = "match", mixinStandardHelpOptions = true,
            description = {"Evaluate STIX patterns against the observed-data objects of a bundle (with the SCOs they refer to).",
                    "With --pattern: prints 'true' or 'false'; exit 0 on a match, 1 on none, 2 on any error.",
                    "With --patterns FILE (one pattern per line, blank lines skipped): prints one 'true', 'false' or",
                    "'error: <reason>' line per pattern, in order; exit 0 unless an error stops it (2)."})
    static final class Match implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        static final class Source {
            @Option(names = "--pattern", paramLabel = "P", description = "The pattern to evaluate.")
            String pattern;

            @Option(names = "--patterns", paramLabel = "FILE", description = "A file with one pattern per line.")
            String file;
        }

        @Parameters(arity = "1", paramLabel = "OBSERVED.json", description = "A STIX bundle or object; '-' reads standard input.")
        String observed;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            List<String> patterns = null;
            if (source.file != null) {
                try (InputStream in = Files.newInputStream(Path.of(source.file))) {
                    patterns = nonBlankLines(in, source.file);
                } catch (NoSuchFileException e) {
                    throw new UsageException("cannot open " + source.file + ": no such file");
                } catch (IOException e) {
                    throw new UsageException("cannot read " + source.file + ": " + e.getMessage());
                }
            }
            Observations observations = Observations.of(readObjects(observed));
            if (patterns == null) {
                try {
                    MatchResult r = Patterns.evaluate(Patterns.parse(source.pattern), observations);
                    out.println(r.matched());
                    out.flush();
                    return r.matched() ? Main.OK : Main.NEGATIVE;
                } catch (PatternException e) {
                    err.println("datong: " + e.getMessage());
                    return Main.USAGE;
                }
            }
            for (String text : patterns) {
                try {
                    Pattern p = Patterns.parse(text);
                    out.println(Patterns.evaluate(p, observations).matched());
                } catch (PatternException e) {
                    out.println("error: " + e.getMessage());
                }
            }
            out.flush();
            return Main.OK;
        }
    }

    /** The top-level objects of a bundle or single-object file; a usage error when it cannot be read. */
    static List<JsonObject> readObjects(String name) {
        List<JsonObject> objects = new ArrayList<>();
        try (InputStream in = ValidateCommand.open(name); StixReader reader = StixReader.open(in)) {
            for (StixReader.Item item = reader.next(); item != null; item = reader.next()) {
                switch (item) {
                    case StixReader.Element e when e.object() != null -> objects.add(e.object());
                    case StixReader.Element e -> throw new UsageException(name + ": " + e.path() + " is a JSON "
                            + e.value().kind() + ", not a STIX object");
                    case StixReader.Broken b -> throw new UsageException(name + ": not valid JSON at line "
                            + b.error().line() + ", column " + b.error().column() + ": " + b.error().reason());
                }
            }
        } catch (NoSuchFileException e) {
            throw new UsageException("cannot open " + name + ": no such file");
        } catch (IOException | UncheckedIOException e) {
            throw new UsageException("cannot read " + name + ": " + e.getMessage());
        }
        return objects;
    }

    private static List<String> nonBlankLines(InputStream in, String name) {
        List<String> lines = new ArrayList<>();
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            throw new UsageException("cannot read " + name + ": " + e.getMessage());
        }
        return lines;
    }

}
