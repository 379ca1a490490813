package org.datong.cli;

import org.datong.detect.FieldMapping;
import org.datong.detect.IndicatorIndex;
import org.datong.detect.LogFormat;
import org.datong.detect.Matcher;
import org.datong.detect.Sightings;
import org.datong.detect.WarningLists;
import org.datong.detect.node.DetectInputs;
import org.datong.detect.node.IndicatorLoader;
import org.datong.federation.NodeIdentity;
import org.datong.node.NodeConfig;
import org.datong.stix.json.Json;
import org.datong.store.Database;
import org.datong.store.NoSuchCollectionException;
import org.datong.store.ObjectStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code datong match}: matches indicators against logs and writes STIX
 * sightings as JSON lines (see docs/DETECT.md).
 */
@Command(name = "match", mixinStandardHelpOptions = true,
        description = {"Match indicators against logs; write STIX sightings as JSON lines on standard output.",
                "Each line is a Sighting with the observed-data and SCO it refers to under x_datong_observed_data.",
                "Exit 0 when there is at least one sighting, 1 when there is none, 2 on usage errors or unreadable files."})
final class MatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    NodeOptions node;

    @Option(names = "--indicators", paramLabel = "FILE",
            description = "STIX indicators (bundle or objects) or a plain list/CSV of IPs, CIDRs, domains (*.d for subdomains), URLs, hashes, emails; repeatable; .gz read.")
    List<String> indicatorFiles = new ArrayList<>();

    @Option(names = "--collection", paramLabel = "C", description = "Use the active indicators of this collection of the node in --data; repeatable.")
    List<String> collections = new ArrayList<>();

    @Option(names = "--format", paramLabel = "F", defaultValue = "auto",
            description = "Log format: auto, json, zeek, syslog, cef, text (default: ${DEFAULT-VALUE}, decided per file).")
    LogFormat format;

    @Option(names = "--fields", paramLabel = "FILE", description = "Field mapping rules added to the ECS/Zeek defaults (PATH = scan|time|stix:TYPE:PROP|ignore).")
    Path fields;

    @Option(names = "--warnings", paramLabel = "FILE", description = "Plain warning list of benign values; repeatable.")
    List<Path> warnings = new ArrayList<>();

    @Option(names = "--misp-warnings", paramLabel = "PATH", description = "MISP warning list (list.json) or a folder of them; repeatable.")
    List<Path> mispWarnings = new ArrayList<>();

    @Option(names = "--no-default-warnings", description = "Do not apply the shipped list of reserved ranges, example domains and empty-file hashes.")
    boolean noDefaultWarnings;

    @Option(names = "--window", paramLabel = "DURATION", defaultValue = "1h",
            description = "Hits of one indicator on one value within this span become one sighting (e.g. 30s, 10m, 1h, 1d; default ${DEFAULT-VALUE}).")
    String window;

    @Option(names = "--identity", paramLabel = "ID", description = "Identity for where_sighted_refs (default: the node identity in --data, if there is one).")
    String identity;

    @Option(names = "--stats", description = "Print events/s, hits, suppressed, index size and memory on standard error at the end.")
    boolean stats;

    @Parameters(arity = "1..*", paramLabel = "LOG", description = "Log files; '-' reads standard input; gzip is recognised by its content.")
    List<String> logs;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (indicatorFiles.isEmpty() && collections.isEmpty()) {
            throw new UsageException("give indicators with --indicators FILE or --collection C");
        }
        Duration win = parseDuration(window);
        Clock clock = Clock.systemUTC();
        FieldMapping mapping = FieldMapping.defaults();
        if (fields != null) {
            try (Reader r = Files.newBufferedReader(fields, StandardCharsets.UTF_8)) {
                mapping = mapping.with(r, fields.toString());
            } catch (NoSuchFileException e) {
                throw new UsageException("cannot open " + fields + ": no such file");
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }

        long t0 = System.nanoTime();
        IndicatorIndex.Builder builder = IndicatorIndex.builder();
        IndicatorLoader loader = new IndicatorLoader(builder, clock.instant(), err::println);
        List<String> stixFiles = new ArrayList<>();
        List<String> listFiles = new ArrayList<>();
        for (String f : indicatorFiles) {
            boolean json;
            try {
                json = DetectInputs.looksLikeJson(f);
            } catch (NoSuchFileException e) {
                throw new UsageException("cannot open indicators " + f + ": no such file");
            } catch (IOException e) {
                throw new UsageException("cannot read indicators " + f + ": " + e.getMessage());
            }
            (json ? stixFiles : listFiles).add(f);
        }
        for (String f : stixFiles) {
            try (InputStream in = DetectInputs.open(f)) {
                loader.stix(in, f);
            } catch (NoSuchFileException e) {
                throw new UsageException("cannot open indicators " + f + ": no such file");
            }
        }
        if (!collections.isEmpty()) {
            try (Database db = node.openDatabase()) {
                ObjectStore store = ObjectStore.open(db, clock);
                for (String c : collections) {
                    try {
                        loader.collection(store, c);
                    } catch (NoSuchCollectionException e) {
                        throw new UsageException("no collection '" + c + "' in " + node.dataDir());
                    }
                }
            }
        }
        for (String f : listFiles) {
            try (InputStream in = DetectInputs.open(f)) {
                loader.list(in, f);
            } catch (NoSuchFileException e) {
                throw new UsageException("cannot open indicators " + f + ": no such file");
            }
        }
        IndicatorIndex index = builder.build();
        long buildNanos = System.nanoTime() - t0;

        WarningLists warningLists = warningLists();
        String identityId = identity != null ? identity : nodeIdentity();
        long[] sightingCount = new long[1];
        Sightings sightings = new Sightings(clock, identityId, win, UUID::randomUUID, e -> {
            out.println(Json.write(e.line()));
            sightingCount[0]++;
        });
        Matcher matcher = new Matcher(index, warningLists, mapping, clock, sightings::add);
        long problems = 0;
        long m0 = System.nanoTime();
        boolean unreadable = false;
        long[] reported = new long[1];
        for (String log : logs) {
            try (InputStream in = DetectInputs.open(log)) {
                matcher.process(in, format, log, p -> {
                    if (reported[0]++ < DetectInputs.QUOTED_PROBLEMS) {
                        err.println("datong: " + p);
                    }
                });
            } catch (NoSuchFileException e) {
                err.println("datong: cannot open " + log + ": no such file");
                unreadable = true;
            } catch (IOException e) {
                err.println("datong: cannot read " + log + ": " + e.getMessage());
                unreadable = true;
            }
        }
        sightings.flushAll();
        long matchNanos = System.nanoTime() - m0;
        out.flush();
        Matcher.Stats s = matcher.stats();
        if (s.rejected() > DetectInputs.QUOTED_PROBLEMS) {
            err.println("datong: " + s.rejected() + " lines rejected in all (first " + DetectInputs.QUOTED_PROBLEMS + " shown)");
        }
        if (stats) {
            printStats(err, index, warningLists, s, sightingCount[0], buildNanos, matchNanos);
        }
        if (unreadable) {
            return Main.USAGE;
        }
        return sightingCount[0] > 0 ? Main.OK : Main.NEGATIVE;
    }

    private WarningLists warningLists() throws IOException {
        WarningLists.Builder b = WarningLists.builder();
        if (!noDefaultWarnings) {
            b.addDefaults();
        }
        for (Path p : warnings) {
            try (InputStream in = DetectInputs.open(p.toString())) {
                b.addPlain(p.getFileName().toString(), in);
            } catch (NoSuchFileException e) {
                throw new UsageException("cannot open warning list " + p + ": no such file");
            } catch (IllegalArgumentException e) {
                throw new UsageException("warning list " + e.getMessage());
            }
        }
        for (Path p : mispWarnings) {
            if (!Files.exists(p)) {
                throw new UsageException("cannot open MISP warning list " + p + ": no such file or folder");
            }
            for (Path f : DetectInputs.mispListFiles(p)) {
                try (InputStream in = DetectInputs.open(f.toString())) {
                    b.addMisp(in, f.toString());
                } catch (IllegalArgumentException e) {
                    throw new UsageException(e.getMessage());
                }
            }
        }
        return b.build();
    }

    private String nodeIdentity() {
        Path dir = node.dataDir();
        if (NodeIdentity.exists(dir)) {
            try {
                return NodeIdentity.load(dir).id();
            } catch (RuntimeException e) {
                throw new UsageException("cannot read the node identity in " + dir + ": " + e.getMessage());
            }
        }
        return null;
    }

    private static void printStats(PrintWriter err, IndicatorIndex index, WarningLists w, Matcher.Stats s, long sightings,
                                   long buildNanos, long matchNanos) {
        double secs = Math.max(matchNanos, 1) / 1e9;
        err.printf("%-12s %,d entries from %,d sources (%,d patterns evaluated), %,d bytes heap (%.1f B/entry), built in %,d ms%n",
                "index", index.entries(), index.sources(), index.evaluatedPatterns(), index.heapBytes(),
                index.entries() == 0 ? 0.0 : (double) index.heapBytes() / index.entries(), buildNanos / 1_000_000);
        err.printf("%-12s %,d events, %,d bytes in %.3f s: %,.0f events/s, %.1f MB/s%n", "input",
                s.events(), s.bytes(), secs, s.events() / secs, s.bytes() / secs / 1e6);
        err.printf("%-12s %,d%n", "hits", s.hits());
        err.printf("%-12s %,d%n", "sightings", sightings);
        err.printf("%-12s %,d%s%n", "suppressed", s.suppressed(), w.suppressedCounts().isEmpty() ? "" : " " + w.suppressedCounts());
        err.printf("%-12s %,d%n", "rejected", s.rejected());
        for (Map.Entry<String, Integer> e : w.skipped().entrySet()) {
            err.printf("%-12s %s: %,d entries not applied (substring/regex lists or bad values)%n", "warnings", e.getKey(), e.getValue());
        }
        Runtime rt = Runtime.getRuntime();
        err.printf("%-12s %,d MB used of %,d MB%n", "heap", (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20);
        err.flush();
    }

    /** The node's duration syntax ({@link NodeConfig#duration}): {@code 30s}, {@code 10m}, {@code 1h}, {@code 2d}, {@code PT1H}. */
    static Duration parseDuration(String s) {
        try {
            return NodeConfig.duration(s);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--window: " + e.getMessage());
        }
    }
}
