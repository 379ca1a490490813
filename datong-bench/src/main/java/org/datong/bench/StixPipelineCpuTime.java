package org.datong.bench;

import org.datong.pattern.Patterns;
import org.datong.stix.BundleWriter;
import org.datong.stix.StixReader;
import org.datong.stix.Validator;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Random;

/**
 * The pipeline of {@link StixPipelineBenchmark}, stage by stage, measured in
 * objects per CPU-second of the one working thread as well as per wall-clock
 * second. On a shared machine the wall-clock rate depends on what else runs;
 * the CPU-time rate is what one dedicated core would do.
 *
 * <p>Run: {@code java -cp datong-bench/target/benchmarks.jar org.datong.bench.StixPipelineCpuTime [seconds]}
 */
public final class StixPipelineCpuTime {
    private static final long WARMUP_NANOS = 3_000_000_000L;

    private StixPipelineCpuTime() {
    }

    private enum Stage { READ, READ_VALIDATE, READ_VALIDATE_WRITE, READ_VALIDATE_PATTERNS_WRITE }

    public static void main(String[] args) {
        long nanos = (args.length > 0 ? Long.parseLong(args[0]) : 5) * 1_000_000_000L;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        System.out.printf("%-11s %-30s %14s %18s%n", "content", "stage", "objects/s", "objects/CPU-s");
        for (String content : List.of("mixed", "indicators")) {
            byte[] bundle = StixPipelineBenchmark.bundle(content, StixPipelineBenchmark.OBJECTS, new Random(42));
            for (Stage stage : Stage.values()) {
                run(bundle, stage, WARMUP_NANOS);
                long cpu0 = mx.getCurrentThreadCpuTime();
                long wall0 = System.nanoTime();
                long n = run(bundle, stage, nanos);
                double wall = (System.nanoTime() - wall0) / 1e9;
                double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
                System.out.printf("%-11s %-30s %,14.0f %,18.0f%n", content,
                        stage.name().toLowerCase().replace('_', '+'), n / wall, n / cpu);
            }
        }
    }

    private static long run(byte[] bundle, Stage stage, long nanos) {
        Validator validator = stage == Stage.READ_VALIDATE_PATTERNS_WRITE
                ? Validator.standard().withPatternChecker(Patterns.checker()) : Validator.standard();
        long start = System.nanoTime();
        long n = 0;
        long sink = 0;
        while (System.nanoTime() - start < nanos) {
            try (StixReader reader = StixReader.open(new ByteArrayInputStream(bundle));
                 BundleWriter writer = new BundleWriter(OutputStream.nullOutputStream(),
                         "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d", false)) {
                StixReader.Item item;
                while ((item = reader.next()) != null) {
                    StixReader.Element e = (StixReader.Element) item;
                    if (stage != Stage.READ) {
                        sink += validator.validate(e.value(), e.path()).size();
                    }
                    if (stage == Stage.READ_VALIDATE_WRITE || stage == Stage.READ_VALIDATE_PATTERNS_WRITE) {
                        writer.write(e.value());
                    }
                    n++;
                }
            }
        }
        if (sink != 0) {
            throw new IllegalStateException("the generated bundle must be valid, found " + sink + " findings");
        }
        return n;
    }
}
