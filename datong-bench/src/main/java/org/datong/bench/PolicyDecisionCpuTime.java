package org.datong.bench;

import org.datong.policy.RulesException;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.Supplier;

/**
 * The decisions of {@link PolicyDecisionBench}, measured in decisions per
 * CPU-second of the one working thread as well as per wall-clock second. On
 * a shared machine the wall-clock rate depends on what else runs; the
 * CPU-time rate is what one dedicated core would do.
 *
 * <p>Run: {@code java -cp datong-bench/target/benchmarks.jar org.datong.bench.PolicyDecisionCpuTime [seconds]}
 */
public final class PolicyDecisionCpuTime {
    private static final long WARMUP_NANOS = 3_000_000_000L;

    private PolicyDecisionCpuTime() {
    }

    public static void main(String[] args) throws RulesException {
        long nanos = (args.length > 0 ? Long.parseLong(args[0]) : 5) * 1_000_000_000L;
        PolicyDecisionBench bench = new PolicyDecisionBench();
        bench.setUp();
        System.out.printf("%-10s %16s %20s%n", "case", "decisions/s", "decisions/CPU-s");
        run("typical", bench::typical, nanos);
        run("personal", bench::personal, nanos);
    }

    private static void run(String name, Supplier<Object> op, long nanos) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sink = 0;
        long end = System.nanoTime() + WARMUP_NANOS;
        while (System.nanoTime() < end) {
            sink += System.identityHashCode(op.get());
        }
        long cpu0 = mx.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        long n = 0;
        while (System.nanoTime() - wall0 < nanos) {
            for (int i = 0; i < 1000; i++) {
                sink += System.identityHashCode(op.get());
            }
            n += 1000;
        }
        long wall = System.nanoTime() - wall0;
        long cpu = mx.getCurrentThreadCpuTime() - cpu0;
        System.out.printf("%-10s %,16.0f %,20.0f%s%n", name, n * 1e9 / wall, n * 1e9 / cpu, sink == 42 ? " " : "");
    }
}
