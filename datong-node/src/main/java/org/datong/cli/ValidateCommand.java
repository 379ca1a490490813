package org.datong.cli;

import org.datong.pattern.Patterns;
import org.datong.stix.Finding;
import org.datong.stix.Validation;
import org.datong.stix.Validator;
import org.datong.stix.json.JsonString;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * {@code datong validate [--json] FILE...}: checks STIX 2.1 JSON files against
 * the specification.
 *
 * <p>Findings are printed as they are found, so inputs of any size are
 * checked in bounded memory. Human output: one line per finding,
 * {@code FILE: error [rule] $.path (object id): message (STIX 2.1 section s)},
 * then {@code FILE: valid|INVALID (n objects, e errors, w warnings)}. With
 * {@code --json}: one JSON array with an entry per input,
 * {@code {"file", "findings": [...], "valid"}}.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Validate STIX 2.1 JSON (objects or bundles) against the specification.",
                "Exit 0 when all inputs are valid, 1 when any is invalid, 2 on usage errors or unreadable files."})
final class ValidateCommand implements java.util.concurrent.Callable<Integer> {
    /** Rule code of the finding that stands for an input that could not be opened or read. */
    static final String UNREADABLE = "unreadable-input";

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
        Validator validator = Validator.standard().withPatternChecker(Patterns.checker());
        if (files.stream().filter("-"::equals).count() > 1) {
            throw new UsageException("standard input ('-') can be named only once");
        }
        boolean allValid = true;
        boolean unreadable = false;
        if (json) {
            out.print("[");
        }
        for (int i = 0; i < files.size(); i++) {
            String name = files.get(i);
            Sink sink = json ? new JsonSink(out, name, i == 0) : new HumanSink(out, name);
            Validation.Summary summary = null;
            String problem = null;
            try (InputStream in = open(name)) {
                summary = Validation.validate(in, validator, sink);
            } catch (NoSuchFileException e) {
                problem = "cannot open " + name + ": no such file";
            } catch (AccessDeniedException e) {
                problem = "cannot open " + name + ": permission denied";
            } catch (IOException | UncheckedIOException e) {
                problem = "cannot read " + name + ": " + rootMessage(e);
            }
            if (problem != null) {
                err.println("datong: " + problem);
                unreadable = true;
                allValid = false;
                sink.accept(Finding.error(null, "$", UNREADABLE, problem, null));
                sink.finish(new Validation.Summary(0, 1, 0));
            } else {
                allValid &= summary.valid();
                sink.finish(summary);
            }
        }
        if (json) {
            out.println("\n]");
        }
        out.flush();
        if (unreadable) {
            return Main.USAGE;
        }
        return allValid ? Main.OK : Main.NEGATIVE;
    }

    /** Where one input's findings go. */
    private interface Sink extends Consumer<Finding> {
        void finish(Validation.Summary summary);
    }

    private static final class HumanSink implements Sink {
        private final PrintWriter out;
        private final String name;

        HumanSink(PrintWriter out, String name) {
            this.out = out;
            this.name = name;
        }

        @Override
        public void accept(Finding f) {
            out.println(name + ": " + f);
        }

        @Override
        public void finish(Validation.Summary s) {
            out.printf("%s: %s (%d object%s, %d error%s, %d warning%s)%n", name, s.valid() ? "valid" : "INVALID",
                    s.objects(), s.objects() == 1 ? "" : "s", s.errors(), s.errors() == 1 ? "" : "s",
                    s.warnings(), s.warnings() == 1 ? "" : "s");
        }
    }

    /** Writes one entry of the JSON array as findings arrive. */
    private static final class JsonSink implements Sink {
        private final PrintWriter out;
        private boolean first = true;

        JsonSink(PrintWriter out, String name, boolean firstEntry) {
            this.out = out;
            out.print(firstEntry ? "\n" : ",\n");
            out.print("  {\"file\": " + new JsonString(name) + ", \"findings\": [");
        }

        @Override
        public void accept(Finding f) {
            out.print(first ? "\n    " : ",\n    ");
            out.print(f.toJson());
            first = false;
        }

        @Override
        public void finish(Validation.Summary s) {
            out.print((first ? "" : "\n  ") + "], \"valid\": " + s.valid() + "}");
        }
    }

    static InputStream open(String name) throws IOException {
        return open(name, null);
    }

    /**
     * Opens an input like {@link #open(String)}, adding the bytes read from
     * the file itself (compressed, for {@code .gz}) to {@code fileBytesRead}
     * when it is not null: progress against the file's size.
     */
    static InputStream open(String name, AtomicLong fileBytesRead) throws IOException {
        InputStream raw = "-".equals(name) ? new FilterInputStream(System.in) {
            @Override
            public void close() {
                // standard input stays open for the rest of the process
            }
        } : Files.newInputStream(Path.of(name));
        if (fileBytesRead != null) {
            raw = new FilterInputStream(raw) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        fileBytesRead.incrementAndGet();
                    }
                    return b;
                }

                @Override
                public int read(byte[] buf, int off, int len) throws IOException {
                    int n = super.read(buf, off, len);
                    if (n > 0) {
                        fileBytesRead.addAndGet(n);
                    }
                    return n;
                }
            };
        }
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
