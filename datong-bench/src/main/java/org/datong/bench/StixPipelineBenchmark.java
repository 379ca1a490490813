package org.datong.bench;

import org.datong.pattern.Patterns;
import org.datong.stix.BundleWriter;
import org.datong.stix.Finding;
import org.datong.stix.ScoIds;
import org.datong.stix.StixReader;
import org.datong.stix.Validator;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonObject;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Read + validate + write of a STIX 2.1 bundle, one thread (so the score is
 * per core), in objects per second. {@code mixed} is a realistic bundle
 * (indicators with patterns, observables, relationships, reports, identity,
 * malware, attack patterns); {@code indicators} holds only indicator-sized
 * objects. {@code patterns=true} also parses every STIX pattern, as
 * {@code datong validate} does.
 *
 * <p>Run: {@code java -jar datong-bench/target/benchmarks.jar StixPipelineBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class StixPipelineBenchmark {
    /** Objects per bundle: large enough to stream, small enough to stay in cache-friendly memory. */
    static final int OBJECTS = 10_000;

    @Param({"mixed", "indicators"})
    String content;

    @Param({"false", "true"})
    boolean patterns;

    private byte[] bundle;
    private Validator validator;

    @Setup
    public void setUp() {
        bundle = bundle(content, OBJECTS, new Random(42));
        validator = patterns ? Validator.standard().withPatternChecker(Patterns.checker()) : Validator.standard();
    }

    @Benchmark
    @OperationsPerInvocation(OBJECTS)
    public void readValidateWrite(Blackhole bh) {
        try (StixReader reader = StixReader.open(new ByteArrayInputStream(bundle));
             BundleWriter writer = new BundleWriter(OutputStream.nullOutputStream(),
                     "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d", false)) {
            StixReader.Item item;
            while ((item = reader.next()) != null) {
                if (item instanceof StixReader.Element e) {
                    List<Finding> findings = validator.validate(e.value(), e.path());
                    bh.consume(findings);
                    writer.write(e.value());
                } else {
                    throw new IllegalStateException("generated bundle is malformed: " + item);
                }
            }
        }
    }

    /** A bundle of {@code n} objects; every object is valid STIX 2.1. */
    static byte[] bundle(String content, int n, Random r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(n * 600);
        try (BundleWriter w = new BundleWriter(out, "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d", true)) {
            for (int i = 0; i < n; i++) {
                int kind = "indicators".equals(content) ? 0 : r.nextInt(20);
                w.write(Json.parseObject(object(kind, i, r)));
            }
        }
        return out.toByteArray();
    }

    private static String id(String type, Random r) {
        return type + "--" + new java.util.UUID((r.nextLong() & ~0xF000L) | 0x4000L,
                (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
    }

    private static String ip(Random r) {
        return "198.51." + r.nextInt(256) + "." + r.nextInt(256);
    }

    private static final String TS = "\"created\":\"2024-05-01T10:00:00.000Z\",\"modified\":\"2024-05-02T11:30:00.000Z\"";
    private static final String COMMON = "\"spec_version\":\"2.1\",";
    private static final String CREATOR = "\"created_by_ref\":\"identity--f431f809-377b-45e0-aa1c-6a4751cae5ff\","
            + "\"object_marking_refs\":[\"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da\"],";

    private static String object(int kind, int i, Random r) {
        return switch (kind) {
            // about half indicators: the bulk of real feeds
            case 0, 1, 2, 3, 4, 5, 6, 7, 8 -> "{\"type\":\"indicator\"," + COMMON + "\"id\":\"" + id("indicator", r) + "\","
                    + CREATOR + TS + ",\"name\":\"C2 server " + i + "\",\"description\":\"Command and control address "
                    + "observed in phishing campaign traffic.\",\"indicator_types\":[\"malicious-activity\"],"
                    + "\"pattern\":\"" + pattern(r) + "\",\"pattern_type\":\"stix\",\"pattern_version\":\"2.1\","
                    + "\"valid_from\":\"2024-05-01T10:00:00Z\",\"valid_until\":\"2025-05-01T10:00:00Z\","
                    + "\"confidence\":75,\"labels\":[\"c2\"],\"kill_chain_phases\":[{\"kill_chain_name\":"
                    + "\"lockheed-martin-cyber-kill-chain\",\"phase_name\":\"command-and-control\"}]}";
            case 9, 10 -> {
                String v = ip(r);
                String sco = "{\"type\":\"ipv4-addr\"," + COMMON + "\"value\":\"" + v + "\"}";
                yield Json.write(ScoIds.withId(Json.parseObject(sco)));
            }
            case 11 -> Json.write(ScoIds.withId(Json.parseObject("{\"type\":\"file\"," + COMMON + "\"name\":\"payload"
                    + i + ".exe\",\"size\":" + r.nextInt(1 << 20) + ",\"hashes\":{\"SHA-256\":\"" + hex(r, 32)
                    + "\",\"MD5\":\"" + hex(r, 16) + "\"}}")));
            case 12, 13, 14 -> "{\"type\":\"relationship\"," + COMMON + "\"id\":\"" + id("relationship", r) + "\","
                    + CREATOR + TS + ",\"relationship_type\":\"indicates\",\"source_ref\":\"" + id("indicator", r)
                    + "\",\"target_ref\":\"" + id("malware", r) + "\"}";
            case 15 -> "{\"type\":\"malware\"," + COMMON + "\"id\":\"" + id("malware", r) + "\"," + CREATOR + TS
                    + ",\"name\":\"Family " + i + "\",\"is_family\":true,\"malware_types\":[\"remote-access-trojan\"],"
                    + "\"aliases\":[\"RAT-" + i + "\"],\"description\":\"A remote access trojan.\"}";
            case 16 -> "{\"type\":\"attack-pattern\"," + COMMON + "\"id\":\"" + id("attack-pattern", r) + "\"," + CREATOR
                    + TS + ",\"name\":\"Spearphishing Attachment\",\"external_references\":[{\"source_name\":\"capec\","
                    + "\"external_id\":\"CAPEC-163\"},{\"source_name\":\"mitre-attack\",\"external_id\":\"T1566.001\","
                    + "\"url\":\"https://attack.mitre.org/techniques/T1566/001\"}],\"kill_chain_phases\":[{"
                    + "\"kill_chain_name\":\"mitre-attack\",\"phase_name\":\"initial-access\"}]}";
            case 17 -> "{\"type\":\"identity\"," + COMMON + "\"id\":\"" + id("identity", r) + "\"," + TS
                    + ",\"name\":\"Org " + i + "\",\"identity_class\":\"organization\",\"sectors\":[\"financial-services\"]}";
            case 18 -> {
                StringBuilder refs = new StringBuilder();
                for (int k = 0; k < 20; k++) {
                    refs.append(k == 0 ? "" : ",").append('"').append(id(k % 2 == 0 ? "indicator" : "malware", r)).append('"');
                }
                yield "{\"type\":\"report\"," + COMMON + "\"id\":\"" + id("report", r) + "\"," + CREATOR + TS
                        + ",\"name\":\"Weekly report " + i + "\",\"report_types\":[\"threat-report\"],"
                        + "\"published\":\"2024-05-03T00:00:00Z\",\"object_refs\":[" + refs + "]}";
            }
            default -> "{\"type\":\"observed-data\"," + COMMON + "\"id\":\"" + id("observed-data", r) + "\"," + CREATOR
                    + TS + ",\"first_observed\":\"2024-05-01T10:00:00Z\",\"last_observed\":\"2024-05-01T10:05:00Z\","
                    + "\"number_observed\":3,\"object_refs\":[\"" + id("ipv4-addr", r) + "\"]}";
        };
    }

    private static String pattern(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> "[ipv4-addr:value = '" + ip(r) + "']";
            case 1 -> "[domain-name:value = 'c2-" + r.nextInt(100_000) + ".example.com']";
            default -> "[ipv4-addr:value = '" + ip(r) + "'] AND [network-traffic:dst_port = 443]";
        };
    }

    private static String hex(Random r, int bytes) {
        StringBuilder sb = new StringBuilder(bytes * 2);
        for (int i = 0; i < bytes; i++) {
            sb.append(Character.forDigit(r.nextInt(16), 16)).append(Character.forDigit(r.nextInt(16), 16));
        }
        return sb.toString();
    }

    /**
     * Prints the size of the generated bundles, for the README; with a folder
     * argument also writes them there (to check them with {@code datong validate}).
     */
    public static void main(String[] args) throws java.io.IOException {
        if (args.length > 0) {
            for (String c : List.of("mixed", "indicators")) {
                java.nio.file.Files.write(java.nio.file.Path.of(args[0], c + ".json"), bundle(c, OBJECTS, new Random(42)));
            }
        }
        for (String c : List.of("mixed", "indicators")) {
            byte[] b = bundle(c, OBJECTS, new Random(42));
            System.out.println(c + ": " + OBJECTS + " objects, " + b.length + " bytes, "
                    + (b.length / OBJECTS) + " bytes per object; first: "
                    + new String(b, 0, Math.min(b.length, 700), StandardCharsets.UTF_8));
        }
    }
}
