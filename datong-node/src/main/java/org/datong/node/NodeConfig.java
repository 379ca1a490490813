package org.datong.node;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Everything a node is configured with, checked once at start-up.
 *
 * <p>Sources, later ones winning: built-in defaults; {@code datong.properties}
 * in the data folder; the file given with {@code --config}; command-line
 * options. Keys are listed in docs/NODE.md ({@code host}, {@code port},
 * {@code database.url}, {@code database.user}, {@code database.password},
 * {@code tls.cert}, {@code tls.key}, {@code http.allow_plain},
 * {@code limits.max_content_length}, {@code limits.max_page_size},
 * {@code limits.max_json_depth}, {@code taxii.status_retention}). {@link #toString()} masks the password.
 *
 * @param dataDir          the node's data folder (see {@link DataDir})
 * @param host             address to bind
 * @param port             TCP port; 0 picks a free one
 * @param databaseUrl      JDBC URL of PostgreSQL, or null for SQLite in the data folder
 * @param databaseUser     database user, or null
 * @param databasePassword database password, or null (masked in logs)
 * @param tlsCert          PEM certificate chain for HTTPS, or null for plain HTTP
 * @param tlsKey           PEM PKCS#8 private key for HTTPS, or null
 * @param allowPlainHttp   true to allow plain HTTP on an address other than loopback
 * @param maxContentLength largest request body in bytes (TAXII max_content_length)
 * @param maxPageSize      most objects in one page, whatever the client asks
 * @param maxJsonDepth     deepest JSON nesting accepted in a request
 * @param statusRetention  how long a TAXII status resource can be fetched after its request completed
 */
public record NodeConfig(Path dataDir, String host, int port, String databaseUrl, String databaseUser,
                         String databasePassword, Path tlsCert, Path tlsKey, boolean allowPlainHttp,
                         long maxContentLength, int maxPageSize, int maxJsonDepth,
                         Duration statusRetention) {
    /** The node's registered-looking default port. */
    public static final int DEFAULT_PORT = 9440;
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** 32 MiB: an envelope of several thousand large objects. */
    public static final long DEFAULT_MAX_CONTENT_LENGTH = 32L * 1024 * 1024;
    /** Pages of 1000 objects keep a response around a megabyte. */
    public static final int DEFAULT_MAX_PAGE_SIZE = 1000;
    /** STIX nests a handful of levels; 64 leaves room for custom content. */
    public static final int DEFAULT_MAX_JSON_DEPTH = 64;
    /** TAXII 2.1 section 4.3: a status SHOULD stay available at least 24 hours after the request finished. */
    public static final Duration DEFAULT_STATUS_RETENTION = Duration.ofHours(24);
    /** The embedded SQLite database file in the data folder. */
    public static final String DATABASE_FILE = "datong.db";
    /** The file in the data folder read at start-up when present. */
    public static final String FILE_NAME = "datong.properties";

    /** Defaults for a data folder. */
    public static NodeConfig defaults(Path dataDir) {
        return new NodeConfig(dataDir, DEFAULT_HOST, DEFAULT_PORT, null, null, null, null, null, false,
                DEFAULT_MAX_CONTENT_LENGTH, DEFAULT_MAX_PAGE_SIZE, DEFAULT_MAX_JSON_DEPTH, DEFAULT_STATUS_RETENTION);
    }

    /**
     * Loads the configuration of a data folder: defaults, then
     * {@code DATA/datong.properties}, then {@code configFile} (may be null).
     *
     * @throws IllegalArgumentException naming the file and key of a bad value
     */
    public static NodeConfig load(Path dataDir, Path configFile) {
        NodeConfig c = defaults(dataDir);
        Path own = dataDir.resolve(FILE_NAME);
        if (Files.isRegularFile(own)) {
            c = c.apply(read(own), own);
        }
        if (configFile != null) {
            if (!Files.isRegularFile(configFile)) {
                throw new IllegalArgumentException("configuration file " + configFile + " does not exist");
            }
            c = c.apply(read(configFile), configFile);
        }
        return c;
    }

    private static Properties read(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        return p;
    }

    private NodeConfig apply(Properties p, Path source) {
        List<String> unknown = new ArrayList<>();
        NodeConfig c = this;
        for (String key : p.stringPropertyNames()) {
            String v = p.getProperty(key).trim();
            try {
                c = switch (key) {
                    case "host" -> c.withHost(v);
                    case "port" -> c.withPort(Integer.parseInt(v));
                    case "database.url" -> new NodeConfig(c.dataDir, c.host, c.port, v, c.databaseUser,
                            c.databasePassword, c.tlsCert, c.tlsKey, c.allowPlainHttp, c.maxContentLength,
                            c.maxPageSize, c.maxJsonDepth, c.statusRetention);
                    case "database.user" -> new NodeConfig(c.dataDir, c.host, c.port, c.databaseUrl, v,
                            c.databasePassword, c.tlsCert, c.tlsKey, c.allowPlainHttp, c.maxContentLength,
                            c.maxPageSize, c.maxJsonDepth, c.statusRetention);
                    case "database.password" -> new NodeConfig(c.dataDir, c.host, c.port, c.databaseUrl,
                            c.databaseUser, v, c.tlsCert, c.tlsKey, c.allowPlainHttp, c.maxContentLength,
                            c.maxPageSize, c.maxJsonDepth, c.statusRetention);
                    case "tls.cert" -> c.withTls(resolve(source, v), c.tlsKey);
                    case "tls.key" -> c.withTls(c.tlsCert, resolve(source, v));
                    case "http.allow_plain" -> c.withAllowPlainHttp(parseBoolean(v));
                    case "limits.max_content_length" -> c.withLimits(Long.parseLong(v), c.maxPageSize, c.maxJsonDepth);
                    case "limits.max_page_size" -> c.withLimits(c.maxContentLength, Integer.parseInt(v), c.maxJsonDepth);
                    case "limits.max_json_depth" -> c.withLimits(c.maxContentLength, c.maxPageSize, Integer.parseInt(v));
                    case "taxii.status_retention" -> c.withStatusRetention(duration(source, key, v));
                    default -> {
                        unknown.add(key);
                        yield c;
                    }
                };
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + ": '" + key + "' must be a number, not '" + v + "'");
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(source + ": unknown setting(s) " + unknown
                    + " (see docs/NODE.md for the keys)");
        }
        return c;
    }

    private static Path resolve(Path source, String v) {
        Path p = Path.of(v);
        Path dir = source.toAbsolutePath().getParent();
        return p.isAbsolute() || dir == null ? p : dir.resolve(p);
    }

    private static boolean parseBoolean(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("http.allow_plain must be true or false, not '" + v + "'");
        };
    }

    public NodeConfig withHost(String h) {
        return new NodeConfig(dataDir, h, port, databaseUrl, databaseUser, databasePassword, tlsCert, tlsKey,
                allowPlainHttp, maxContentLength, maxPageSize, maxJsonDepth, statusRetention);
    }

    public NodeConfig withPort(int p) {
        return new NodeConfig(dataDir, host, p, databaseUrl, databaseUser, databasePassword, tlsCert, tlsKey,
                allowPlainHttp, maxContentLength, maxPageSize, maxJsonDepth, statusRetention);
    }

    public NodeConfig withDatabase(String url, String user, String password) {
        return new NodeConfig(dataDir, host, port, url, user, password, tlsCert, tlsKey,
                allowPlainHttp, maxContentLength, maxPageSize, maxJsonDepth, statusRetention);
    }

    public NodeConfig withTls(Path cert, Path key) {
        return new NodeConfig(dataDir, host, port, databaseUrl, databaseUser, databasePassword, cert, key,
                allowPlainHttp, maxContentLength, maxPageSize, maxJsonDepth, statusRetention);
    }

    public NodeConfig withAllowPlainHttp(boolean allow) {
        return new NodeConfig(dataDir, host, port, databaseUrl, databaseUser, databasePassword, tlsCert, tlsKey,
                allow, maxContentLength, maxPageSize, maxJsonDepth, statusRetention);
    }

    public NodeConfig withLimits(long contentLength, int pageSize, int jsonDepth) {
        return new NodeConfig(dataDir, host, port, databaseUrl, databaseUser, databasePassword, tlsCert, tlsKey,
                allowPlainHttp, contentLength, pageSize, jsonDepth, statusRetention);
    }

    public NodeConfig withStatusRetention(Duration retention) {
        return new NodeConfig(dataDir, host, port, databaseUrl, databaseUser, databasePassword, tlsCert, tlsKey,
                allowPlainHttp, maxContentLength, maxPageSize, maxJsonDepth, retention);
    }

    /**
     * Parses a positive duration written {@code 30s}, {@code 10m}, {@code 1h}, {@code 7d} or in ISO-8601
     * ({@code PT1H}); the one duration syntax of the node's settings.
     *
     * @throws IllegalArgumentException naming the value when it is not such a duration
     */
    public static Duration duration(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (s.startsWith("p")) {
                d = Duration.parse(s.toUpperCase(Locale.ROOT));
            } else {
                long n = Long.parseLong(s.substring(0, s.length() - 1));
                d = switch (s.charAt(s.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    case 'd' -> Duration.ofDays(n);
                    default -> throw new IllegalArgumentException();
                };
            }
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException();
            }
            return d;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + v + "' is not a positive duration like 30s, 10m, 1h, 7d or PT1H");
        }
    }

    private static Duration duration(Path source, String key, String v) {
        try {
            return duration(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": '" + key + "': " + e.getMessage(), e);
        }
    }

    /** True when HTTPS is configured. */
    public boolean tls() {
        return tlsCert != null;
    }

    /**
     * Checks the whole configuration.
     *
     * @throws IllegalArgumentException with every problem found
     */
    public NodeConfig check() {
        List<String> problems = new ArrayList<>();
        if (dataDir == null) {
            problems.add("no data folder");
        }
        if (host == null || host.isBlank()) {
            problems.add("host is empty");
        }
        if (port < 0 || port > 65535) {
            problems.add("port " + port + " is not between 0 and 65535");
        }
        if (databaseUrl != null && !databaseUrl.startsWith("jdbc:postgresql:")) {
            problems.add("database.url must be a PostgreSQL JDBC URL (jdbc:postgresql://...), not '" + databaseUrl + "'");
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            problems.add("HTTPS needs both tls.cert and tls.key");
        }
        for (Path p : new Path[]{tlsCert, tlsKey}) {
            if (p != null && !Files.isReadable(p)) {
                problems.add("cannot read " + p);
            }
        }
        if (maxContentLength < 1024) {
            problems.add("limits.max_content_length must be at least 1024 bytes");
        }
        if (maxPageSize < 1) {
            problems.add("limits.max_page_size must be positive");
        }
        if (maxJsonDepth < 4) {
            problems.add("limits.max_json_depth must be at least 4");
        }
        if (statusRetention == null || statusRetention.isZero() || statusRetention.isNegative()) {
            problems.add("taxii.status_retention must be a positive duration");
        }
        if (problems.isEmpty() && !tls() && !allowPlainHttp && !loopback(host)) {
            problems.add("refusing plain HTTP on " + host + ", which is not a loopback address: configure tls.cert"
                    + " and tls.key, or set http.allow_plain=true (TAXII requires HTTPS)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("bad configuration: " + String.join("; ", problems));
        }
        return this;
    }

    private static boolean loopback(String host) {
        if ("localhost".equalsIgnoreCase(host)) {
            return true;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "NodeConfig[dataDir=" + dataDir + ", host=" + host + ", port=" + port
                + ", database=" + (databaseUrl == null ? "sqlite" : maskUrl(databaseUrl))
                + (databaseUser == null ? "" : ", databaseUser=" + databaseUser)
                + (databasePassword == null ? "" : ", databasePassword=****")
                + ", https=" + tls() + ", allowPlainHttp=" + allowPlainHttp
                + ", maxContentLength=" + maxContentLength + ", maxPageSize=" + maxPageSize
                + ", maxJsonDepth=" + maxJsonDepth + ", statusRetention=" + statusRetention + "]";
    }

    /** Hides a password given inside a JDBC URL. */
    static String maskUrl(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1****");
    }
}
