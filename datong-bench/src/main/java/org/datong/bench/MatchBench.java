package org.datong.bench;

import org.datong.detect.FieldMapping;
import org.datong.detect.IndicatorIndex;
import org.datong.detect.Indicators;
import org.datong.detect.LogFormat;
import org.datong.detect.Matcher;
import org.datong.detect.Observable;
import org.datong.detect.Synthetic;
import org.datong.detect.WarningLists;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The detection hot paths, one each: matching ECS JSON lines, matching plain
 * text, and a bare index lookup, against an index of generated indicators
 * (default 1,000,000). Results are per operation: one event, one line, one lookup.
 * Run: {@code java -jar datong-bench/target/benchmarks.jar MatchBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class MatchBench {
    /** Events or lines per benchmark invocation. */
    static final int BATCH = 20_000;

    @Param({"1000000"})
    int indicators;

    Matcher matcher;
    IndicatorIndex index;
    byte[] json;
    byte[] text;
    Observable[] probes;
    int next;
    final AtomicLong hits = new AtomicLong();

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Synthetic gen = new Synthetic(7);
        byte[] list = gen.indicatorList(indicators);
        IndicatorIndex.Builder b = IndicatorIndex.builder();
        Indicators.loadList(b, "synthetic", new ByteArrayInputStream(list));
        index = b.build();
        matcher = new Matcher(index, WarningLists.builder().addDefaults().build(), FieldMapping.defaults(), Clock.systemUTC(),
                h -> hits.incrementAndGet());
        json = gen.jsonEvents(BATCH, 0.001);
        text = gen.textLines(BATCH, 0.001);
        Random r = new Random(3);
        List<Observable> ps = new ArrayList<>();
        for (int i = 0; i < 4096; i++) {
            ps.add(Observable.guess((1 + r.nextInt(223)) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256)));
        }
        probes = ps.toArray(Observable[]::new);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void jsonEvents() throws IOException {
        matcher.process(new ByteArrayInputStream(json), LogFormat.JSON, "bench", p -> { });
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void textLines() throws IOException {
        matcher.process(new ByteArrayInputStream(text), LogFormat.TEXT, "bench", p -> { });
    }

    @Benchmark
    public void lookupIPv4(Blackhole bh) {
        bh.consume(index.lookup(probes[next++ & (probes.length - 1)]));
    }
}
