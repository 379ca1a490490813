package org.datong.node;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.datong.auth.Accounts;
import org.datong.auth.Authenticator;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonObject;
import org.datong.detect.node.DetectConfig;
import org.datong.detect.node.DetectService;
import org.datong.federation.FederationConfig;
import org.datong.federation.GatePolicy;
import org.datong.federation.NodeIdentity;
import org.datong.federation.PeerRegistry;
import org.datong.federation.SyncEngine;
import org.datong.federation.SyncListener;
import org.datong.policy.RulesException;
import org.datong.policy.store.PolicyApi;
import org.datong.policy.store.SharingGate;
import org.datong.store.Database;
import org.datong.store.InvalidQueryException;
import org.datong.store.NoSuchCollectionException;
import org.datong.store.ObjectStore;
import org.datong.taxii.StatusStore;
import org.datong.taxii.TaxiiApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One running Datong node, wired by hand here and nowhere else: database,
 * store, accounts, the HTTP server and its route table.
 *
 * <p>Adding a feature: build its parts in a private {@code wireX()} method
 * called from the constructor, and declare its routes under {@code /api/v1/}
 * in {@link #apiV1Routes}. Handlers throw {@link HttpError}; {@link #errors}
 * is the one place that turns exceptions into HTTP/TAXII error responses.
 */
public final class Node implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Node.class);
    private static final String STARTED_AT = "datong.started";
    /** Latency histogram bounds of /metrics: from a cached page (ms) to a large POST (seconds). */
    private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};
    /** How long /healthz waits for the database. */
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);

    private final NodeConfig config;
    private final Clock clock;
    private final Database database;
    private final ObjectStore store;
    private final Accounts accounts;
    private final Authenticator authenticator;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final TaxiiApi taxii;
    private final Javalin http;
    private final URI uri;
    private final NodeIdentity identity;
    private final SharingGate sharingGate;
    private final PeerRegistry peers;
    private final SyncEngine federation;
    private final DetectService detect;

    private Node(NodeConfig config, Clock clock) {
        this.config = config.check();
        this.clock = clock;
        LOG.info("starting node with {}", config);
        this.database = openDatabase(config);
        try {
            this.store = ObjectStore.open(database, clock);
            this.accounts = new Accounts(database, clock);
            this.authenticator = new Authenticator(accounts);
            wireMetrics();
            this.identity = NodeIdentity.loadOrCreate(config.dataDir(), "Datong node " + config.dataDir().getFileName(),
                    null, clock);
            this.sharingGate = wirePolicy();
            this.peers = new PeerRegistry(database, clock);
            this.federation = wireFederation();
            this.taxii = new TaxiiApi(store, new StatusStore(database, clock, config.statusRetention()), clock,
                    config.maxContentLength(), config.maxPageSize(), config.maxJsonDepth(), identity.name(),
                    federation::inboxFor);
            this.detect = wireDetect();
            this.http = Javalin.create(this::configureHttp);
            http.start();
            this.uri = URI.create((config.tls() ? "https" : "http") + "://" + hostForUri(config.host()) + ":"
                    + http.port() + "/");
            federation.start();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        LOG.info("node listening on {}", uri);
    }

    /**
     * Starts a node: opens (creating and migrating) its database and starts
     * serving HTTP.
     *
     * @throws IllegalArgumentException when the configuration is bad (the message says why)
     */
    public static Node start(NodeConfig config, Clock clock) {
        return new Node(config, clock);
    }

    /** Base URL, with the real port when configured with port 0. */
    public URI uri() {
        return uri;
    }

    /** The TAXII discovery URL. */
    public URI taxiiDiscovery() {
        return uri.resolve(TaxiiApi.DISCOVERY_PATH);
    }

    /** The TAXII API root URL. */
    public URI taxiiApiRoot() {
        return uri.resolve(TaxiiApi.API_ROOT_PATH);
    }

    public ObjectStore store() {
        return store;
    }

    public Database database() {
        return database;
    }

    public Accounts accounts() {
        return accounts;
    }

    public NodeConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    /** This node's identity and signing key. */
    public NodeIdentity identity() {
        return identity;
    }

    /** The sharing policy's gate: every object crossing the border passes it. */
    public SharingGate sharingGate() {
        return sharingGate;
    }

    /** The peers this node syncs with. */
    public PeerRegistry peers() {
        return peers;
    }

    /** The sync engine; call {@link SyncEngine#peersChanged()} after changing {@link #peers()}. */
    public SyncEngine federation() {
        return federation;
    }

    @Override
    public void close() {
        try {
            federation.close();
            http.stop();
            detect.close();
        } finally {
            database.close();
        }
        LOG.info("node at {} stopped", uri);
    }

    // ------------------------------------------------------------------ wiring

    /**
     * Opens (creating and migrating) the database a configuration names: PostgreSQL
     * when {@code database.url} is set, else SQLite in the data folder. Commands that
     * work on a stopped node use this too.
     */
    public static Database openDatabase(NodeConfig config) {
        if (config.databaseUrl() != null) {
            return Database.postgres(config.databaseUrl(), config.databaseUser(), config.databasePassword());
        }
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + config.dataDir(), e);
        }
        return Database.sqlite(config.dataDir().resolve(NodeConfig.DATABASE_FILE));
    }

    private SharingGate wirePolicy() {
        try {
            return SharingGate.open(database, config.dataDir(), clock);
        } catch (RulesException e) {
            throw new IllegalArgumentException("sharing policy rules: " + e.getMessage(), e);
        }
    }

    /** Federation: peers, sync engine (started once the HTTP server runs), per-peer metrics. */
    private SyncEngine wireFederation() {
        return new SyncEngine(identity, store, peers, new GatePolicy(sharingGate, database), FederationConfig.defaults(), clock,
                metrics, SyncListener.NONE);
    }

    /**
     * Detection: an index of the active indicators of the node's collections,
     * telemetry in over HTTP (POST /api/v1/telemetry) and syslog, sightings
     * stored beside the indicators (docs/DETECT.md).
     */
    private DetectService wireDetect() {
        DetectConfig dc;
        try {
            dc = DetectConfig.load(config.dataDir());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("detection settings: " + e.getMessage(), e);
        }
        DetectService d = DetectService.start(database, store, federation::shareable, clock, identity.id(), dc);
        io.micrometer.core.instrument.Gauge.builder("datong_detect_index_entries", () -> d.stats().get("index_entries") instanceof org.datong.stix.json.JsonNumber n ? n.doubleValue() : 0)
                .description("Entries in the indicator index").register(metrics);
        return d;
    }

    /** The detection engine. */
    public DetectService detect() {
        return detect;
    }

    private void wireMetrics() {
        Counter stored = Counter.builder("datong_objects_stored").description("STIX object versions newly stored")
                .register(metrics);
        store.addListener((collection, objects) -> stored.increment(objects.size()));
    }

    private void configureHttp(JavalinConfig cfg) {
        cfg.startup.showJavalinBanner = false;
        cfg.startup.showOldJavalinVersionWarning = false;
        cfg.jetty.host = config.host();
        cfg.jetty.port = config.port();
        cfg.http.maxRequestSize = config.maxContentLength();
        cfg.router.ignoreTrailingSlashes = true;
        Tls.configure(cfg, config);
        RoutesConfig r = cfg.routes;
        r.before(ctx -> ctx.attribute(STARTED_AT, System.nanoTime()));
        r.before(authenticator::authenticate);
        routes(r);
        r.after(this::recordRequest);
        errors(r);
    }

    /** The route table; it mirrors the URL tree. */
    private void routes(RoutesConfig r) {
        // TAXII 2.1 (docs/NODE.md): discovery, one API root, its collections
        String root = TaxiiApi.API_ROOT_PATH;
        String collection = root + "collections/{collection}/";
        r.get(TaxiiApi.DISCOVERY_PATH, taxii::discovery);
        r.get(root, taxii::apiRoot);
        r.get(root + "status/{status}/", taxii::status);
        r.get(root + "collections/", taxii::collections);
        r.get(collection, taxii::collection);
        r.get(collection + "manifest/", taxii::manifest);
        r.get(collection + "objects/", taxii::getObjects);
        r.post(collection + "objects/", taxii::addObjects);
        r.get(collection + "objects/{object}/", taxii::getObject);
        r.delete(collection + "objects/{object}/", taxii::deleteObject);
        r.get(collection + "objects/{object}/versions/", taxii::versions);

        // Operations
        r.get("/healthz", this::health);
        r.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));

        apiV1Routes(r);
    }

    /** REST API for what TAXII does not cover; each feature adds its routes under /api/v1/ here. */
    private void apiV1Routes(RoutesConfig r) {
        // Sharing policy and ledger (docs/POLICY.md, docs/LEDGER.md)
        PolicyApi policy = new PolicyApi(sharingGate, clock);
        r.get("/api/v1/partners", policy::listPartners);
        r.post("/api/v1/partners", policy::addPartner);
        r.get("/api/v1/partners/{partner}", policy::getPartner);
        r.get("/api/v1/agreements", policy::listAgreements);
        r.post("/api/v1/agreements", policy::createAgreement);
        r.get("/api/v1/agreements/{agreement}", policy::getAgreement);
        r.post("/api/v1/agreements/{agreement}/state", policy::setAgreementState);
        r.get("/api/v1/reviews", policy::listReviews);
        r.get("/api/v1/reviews/{review}", policy::getReview);
        r.post("/api/v1/reviews/{review}/approve", policy::approveReview);
        r.post("/api/v1/reviews/{review}/reject", policy::rejectReview);
        r.get("/api/v1/ledger/verify", policy::verifyLedger);
        r.get("/api/v1/ledger/report", policy::ledgerReport);
        r.get("/api/v1/ledger/entries", policy::ledgerEntries);
        r.post("/api/v1/telemetry", this::telemetry);
        r.get("/api/v1/detect/stats", ctx -> {
            if (org.datong.auth.Authenticator.principal(ctx).anonymous()) {
                throw HttpError.unauthorized("detection statistics need a user");
            }
            ctx.contentType("application/json").result(Json.writeBytes(detect.stats()));
        });
    }

    /** POST /api/v1/telemetry[?format=json|zeek|syslog|cef|text]: matches the body (JSON lines by default, gzip allowed). */
    private void telemetry(Context ctx) throws IOException {
        if (org.datong.auth.Authenticator.principal(ctx).anonymous()) {
            throw HttpError.unauthorized("posting telemetry needs a user");
        }
        String f = ctx.queryParam("format");
        org.datong.detect.LogFormat format;
        try {
            format = f == null ? org.datong.detect.LogFormat.JSON : org.datong.detect.LogFormat.valueOf(f.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("format must be one of json, zeek, syslog, cef, text, auto; not '" + f + "'");
        }
        DetectService.Result r = detect.ingest(ctx.bodyInputStream(), format, "http:" + ctx.ip());
        JsonObject body = JsonObject.builder()
                .put("events", r.events())
                .put("hits", r.hits())
                .put("rejected", r.rejected())
                .put("problems", org.datong.stix.json.JsonArray.ofStrings(r.problems()))
                .build();
        ctx.status(r.rejected() > 0 && r.events() == r.rejected() ? 400 : 200).contentType("application/json").result(Json.writeBytes(body));
    }

    /** GET /healthz: 200 {@code ok} when the node serves and its database answers, else 503 with the reason. */
    private void health(Context ctx) {
        String problem = null;
        try (Connection c = database.dataSource().getConnection()) {
            if (!c.isValid((int) HEALTH_TIMEOUT.toSeconds())) {
                problem = "the database does not answer";
            }
        } catch (SQLException | RuntimeException e) {
            problem = "the database is unavailable: " + e.getMessage();
        }
        ctx.status(problem == null ? 200 : 503).contentType("text/plain; charset=utf-8")
                .result(problem == null ? "ok\n" : problem + "\n");
    }

    /** The one place that maps exceptions to HTTP errors, in the TAXII error message format. */
    private void errors(RoutesConfig r) {
        r.exception(HttpError.class, (e, ctx) -> {
            e.headers().forEach(ctx::header);
            error(ctx, e.status(), e.title(), e.description());
        });
        r.exception(InvalidQueryException.class, (e, ctx) -> error(ctx, 400, "Bad request", e.getMessage()));
        r.exception(NoSuchCollectionException.class, (e, ctx) -> error(ctx, 404, "Not found", e.getMessage()));
        r.exception(Exception.class, (e, ctx) -> {
            String errorId = UUID.randomUUID().toString();
            LOG.error("internal error {} on {} {}", errorId, ctx.method(), ctx.path(), e);
            ctx.status(500).contentType(TaxiiApi.TAXII_MEDIA_TYPE).result(Json.writeBytes(JsonObject.builder()
                    .put("title", "Internal error")
                    .put("description", "the node failed to answer; the log has details under error_id " + errorId)
                    .put("error_id", errorId)
                    .put("http_status", "500")
                    .build()));
        });
        r.error(404, "*", ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                error(ctx, 404, "Not found", "no resource at " + ctx.path());
            }
        });
        r.error(405, "*", ctx -> error(ctx, 405, "Method not allowed", ctx.method() + " is not allowed on " + ctx.path()));
    }

    private static void error(Context ctx, int status, String title, String description) {
        JsonObject body = JsonObject.builder()
                .put("title", title)
                .putIfNotNull("description", description)
                .put("http_status", String.valueOf(status))
                .build();
        ctx.status(status).contentType(TaxiiApi.TAXII_MEDIA_TYPE).result(Json.writeBytes(body));
    }

    private void recordRequest(Context ctx) {
        Long started = ctx.attribute(STARTED_AT);
        if (started == null) {
            return;
        }
        // The matched route, not the after-handler running now (whose path is "*").
        io.javalin.router.Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
        String route = matched != null ? matched.path : "unmatched";
        Timer.builder("datong_http_requests")
                .description("HTTP requests by route, method and status")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .tag("method", ctx.method().name())
                .tag("route", route)
                .tag("status", String.valueOf(ctx.statusCode()))
                .register(metrics)
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    private static String hostForUri(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
