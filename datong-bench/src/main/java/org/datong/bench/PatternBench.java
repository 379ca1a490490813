package org.datong.bench;

import org.datong.pattern.Observations;
import org.datong.pattern.Pattern;
import org.datong.pattern.Patterns;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonObject;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * STIX patterns: parsing (with all checks) of typical indicator patterns, and
 * evaluating a one-comparison pattern against an observed-data with three SCOs.
 * Run: {@code java -jar datong-bench/target/benchmarks.jar PatternBench -t 1}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class PatternBench {

    /** Typical indicator patterns, like those in public feeds. */
    static final String[] TYPICAL = {
            "[ipv4-addr:value = '198.51.100.1']",
            "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
            "[domain-name:value = 'www.5z8.info']",
            "[url:value = 'http://example.com/foo' OR url:value = 'http://example.com/bar']",
            "[ipv4-addr:value = '198.51.100.7' AND network-traffic:dst_port = 443]",
            "[file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4' OR file:hashes.'SHA-1' = '3f786850e387550fdab836ed7e6dc881de23001b']",
            "[x509-certificate:hashes.'SHA-1' = '3f786850e387550fdab836ed7e6dc881de23001b']",
            "[email-message:from_ref.value MATCHES '.+\\\\@example\\\\.com$']",
    };

    private int next;
    private Pattern single;
    private Observations observations;

    @Setup
    public void setUp() {
        single = Patterns.parse("[ipv4-addr:value = '198.51.100.3']");
        List<JsonObject> bundle = List.of(
                Json.parseObject("""
                        {"type": "observed-data", "spec_version": "2.1", "id": "observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf",
                         "created": "2016-04-06T19:58:16.000Z", "modified": "2016-04-06T19:58:16.000Z",
                         "first_observed": "2015-12-21T19:00:00Z", "last_observed": "2015-12-21T19:00:00Z", "number_observed": 1,
                         "object_refs": ["network-traffic--2568d22a-8998-58eb-99ec-3c8ca74f527d",
                                         "ipv4-addr--ee26c055-6336-5bc5-b98d-13d6226742dd", "ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd"]}"""),
                Json.parseObject("""
                        {"type": "network-traffic", "spec_version": "2.1", "id": "network-traffic--2568d22a-8998-58eb-99ec-3c8ca74f527d",
                         "src_ref": "ipv4-addr--ee26c055-6336-5bc5-b98d-13d6226742dd", "dst_ref": "ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd",
                         "dst_port": 443, "protocols": ["ipv4", "tcp"]}"""),
                Json.parseObject("""
                        {"type": "ipv4-addr", "spec_version": "2.1", "id": "ipv4-addr--ee26c055-6336-5bc5-b98d-13d6226742dd", "value": "10.0.0.7"}"""),
                Json.parseObject("""
                        {"type": "ipv4-addr", "spec_version": "2.1", "id": "ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd", "value": "198.51.100.3"}"""));
        observations = Observations.of(bundle);
        if (!Patterns.evaluate(single, observations).matched()) {
            throw new IllegalStateException("the benchmark pattern should match");
        }
    }

    /** One typical pattern read and checked per operation, cycling through {@link #TYPICAL}. */
    @Benchmark
    public Pattern parse() {
        String text = TYPICAL[next];
        next = (next + 1) % TYPICAL.length;
        return Patterns.parse(text);
    }

    /** {@code [ipv4-addr:value = '198.51.100.3']} against one observed-data with three SCOs (it matches the last). */
    @Benchmark
    public boolean evaluate() {
        return Patterns.evaluate(single, observations).matched();
    }
}
