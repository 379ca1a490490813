package org.datong.detect.node;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * Settings of the detection engine in a running node, read from
 * {@code DATA/detect.properties} when present (see docs/DETECT.md):
 *
 * @param collections    collections whose active indicators are matched; empty for all
 * @param window         hits of one indicator on one value within this span make one sighting
 * @param flushEvery     how often closed sighting windows are emitted and stored
 * @param retroWindow    how long observables seen in telemetry are remembered for retro-hunts
 * @param retroCapacity  most distinct observables remembered
 * @param syslogHost     address the syslog listener binds
 * @param syslogPort     syslog port (TCP and UDP); -1 when off (the default), 0 for any free port
 * @param warningFiles   plain warning lists added to the shipped defaults
 * @param mispWarnings   MISP warning lists (files or folders)
 * @param webhook        URL each stored sighting is POSTed to as JSON, or null
 * @param fields         field mapping rules added to the ECS/Zeek defaults for JSON telemetry, or null
 */
public record DetectConfig(List<String> collections, Duration window, Duration flushEvery, Duration retroWindow,
                           int retroCapacity, String syslogHost, int syslogPort, List<Path> warningFiles,
                           List<Path> mispWarnings, String webhook, Path fields) {
    public static final String FILE_NAME = "detect.properties";
    /** A week: long enough for an indicator shared days after the activity. */
    public static final Duration DEFAULT_RETRO_WINDOW = Duration.ofDays(7);
    /** A million distinct values, a few hundred MB at most. */
    public static final int DEFAULT_RETRO_CAPACITY = 1_000_000;

    public DetectConfig {
        collections = List.copyOf(collections);
        warningFiles = List.copyOf(warningFiles);
        mispWarnings = List.copyOf(mispWarnings);
    }

    public static DetectConfig defaults() {
        return new DetectConfig(List.of(), Duration.ofHours(1), Duration.ofSeconds(10), DEFAULT_RETRO_WINDOW,
                DEFAULT_RETRO_CAPACITY, "127.0.0.1", -1, List.of(), List.of(), null, null);
    }

    /**
     * Reads {@code DATA/detect.properties}; the defaults when it is absent.
     *
     * @throws IllegalArgumentException naming the key of a bad or unknown setting
     */
    public static DetectConfig load(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return defaults();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        DetectConfig d = defaults();
        List<String> collections = d.collections;
        Duration window = d.window;
        Duration flush = d.flushEvery;
        Duration retro = d.retroWindow;
        int capacity = d.retroCapacity;
        String host = d.syslogHost;
        int port = d.syslogPort;
        List<Path> warnings = new ArrayList<>();
        List<Path> misp = new ArrayList<>();
        String webhook = null;
        Path fields = null;
        for (String key : p.stringPropertyNames()) {
            String v = p.getProperty(key).trim();
            try {
                switch (key) {
                    case "collections" -> collections = v.isEmpty() ? List.of() : Arrays.stream(v.split(",")).map(String::trim).toList();
                    case "window" -> window = duration(file, key, v);
                    case "flush_every" -> flush = duration(file, key, v);
                    case "retro.window" -> retro = duration(file, key, v);
                    case "retro.capacity" -> capacity = Integer.parseInt(v);
                    case "syslog.host" -> host = v;
                    case "syslog.port" -> port = v.equalsIgnoreCase("off") ? -1 : Integer.parseInt(v);
                    case "warnings" -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(dataDir::resolve).forEach(warnings::add);
                    case "misp_warnings" -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(dataDir::resolve).forEach(misp::add);
                    case "webhook" -> webhook = v.isEmpty() ? null : webhook(file, v);
                    case "fields" -> fields = v.isEmpty() ? null : dataDir.resolve(v);
                    default -> throw new IllegalArgumentException(file + ": unknown setting '" + key + "' (see docs/DETECT.md)");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ": '" + key + "' must be a number, not '" + v + "'");
            }
        }
        if (port < -1 || port > 65535 || capacity <= 0) {
            throw new IllegalArgumentException(file + ": syslog.port must be off or 0..65535 and retro.capacity positive");
        }
        return new DetectConfig(collections, window, flush, retro, capacity, host, port, warnings, misp, webhook, fields);
    }

    /** {@code 30s}, {@code 10m}, {@code 1h}, {@code 7d} or ISO-8601: the node's one duration syntax. */
    static Duration duration(String v) {
        return org.datong.node.NodeConfig.duration(v);
    }

    private static Duration duration(Path file, String key, String v) {
        try {
            return duration(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": '" + key + "': " + e.getMessage(), e);
        }
    }

    /** An absolute http or https URL with a host; checked here so a bad one stops the node at start, naming the key. */
    private static String webhook(Path file, String v) {
        URI u;
        try {
            u = new URI(v);
        } catch (URISyntaxException e) {
            u = null;
        }
        if (u == null || u.getScheme() == null || !(u.getScheme().equalsIgnoreCase("http") || u.getScheme().equalsIgnoreCase("https"))
                || u.getHost() == null) {
            throw new IllegalArgumentException(file + ": 'webhook' must be an http:// or https:// URL with a host, not '" + v + "'");
        }
        return v;
    }

    public DetectConfig withSyslogPort(int port) {
        return new DetectConfig(collections, window, flushEvery, retroWindow, retroCapacity, syslogHost, port, warningFiles, mispWarnings, webhook, fields);
    }
}
