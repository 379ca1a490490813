package org.datong.demo;

import org.datong.detect.node.DetectConfig;
import org.datong.federation.FederationConfig;
import org.datong.federation.NodeIdentity;
import org.datong.federation.Peer;
import org.datong.federation.SyncEvent;
import org.datong.ledger.Ledger;
import org.datong.node.Node;
import org.datong.node.NodeConfig;
import org.datong.policy.Agreement;
import org.datong.policy.GradeScheme;
import org.datong.policy.JurisdictionRules;
import org.datong.policy.Partner;
import org.datong.policy.PersonalData;
import org.datong.policy.Tlp;
import org.datong.policy.store.PolicyStore;
import org.datong.policy.store.Review;
import org.datong.policy.store.RulesFile;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonBoolean;
import org.datong.stix.json.JsonNumber;
import org.datong.stix.json.JsonString;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonValue;
import org.datong.store.ObjectQuery;
import org.datong.store.Page;
import org.datong.store.StoredCollection;
import org.datong.store.StoredObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * A small federation on this machine that plays the Operation Paper Lantern
 * scenario: three real nodes on loopback, each with its own data folder,
 * jurisdiction, identity and keys; agreements between neighbours; the
 * scenario published at the first node; and every sharing decision printed
 * as it happens.
 *
 * <p>The story: alpha (a national CERT in France) shares with bravo (an
 * energy-sector ISAC in Germany), which relays to charlie (a water utility's
 * SOC in Germany). What leaves each node is decided by that node alone: TLP,
 * classification grades, personal data and cross-border rules. An operator
 * approves an item held for review, alpha revokes an indicator, charlie's
 * proxy log is sent to charlie's node, which matches it against what it
 * received and shares its sighting back to alpha under policy, and every node
 * verifies its ledger.
 */
public final class Demo implements AutoCloseable {
    /** The collection each node publishes into. */
    public static final String INTEL = "intel";
    private static final String SCENARIO = "/demo/scenario.json";
    private static final String TELEMETRY = "/demo/charlie-proxy.jsonl";
    /** Where a node takes telemetry (docs/DETECT.md). */
    private static final String TELEMETRY_PATH = "/api/v1/telemetry";
    /** The account charlie's proxy ships its log with. */
    private static final String LOG_SHIPPER = "proxy-log";
    /**
     * Charlie's detection settings: the proxy log covers one morning, so hits of
     * one indicator on one value within a day make one sighting, and closed
     * windows are stored every second rather than every ten.
     */
    private static final String CHARLIE_DETECT = "window = 24h\nflush_every = 1s\n";
    /** How long the federation must stay quiet before a step counts as finished. */
    private static final Duration QUIET = Duration.ofMillis(1500);
    /** The longest a step may take before the demo reports it as stuck. */
    private static final Duration STEP_LIMIT = Duration.ofSeconds(60);
    /** How often a wait looks again: quick enough to show arrivals as they happen. */
    private static final long POLL_MILLIS = 50;
    private static final String DOMAIN_INDICATOR = "indicator--6f1c2a7e-3b1d-4c55-9a0e-2d8e5b7c1a11";
    private static final String REPORT = "report--6f1c2a7e-3b1d-4c55-9a0e-2d8e5b7c1a40";
    private static final String REVOKED_AT = "2026-11-21T09:30:00.000Z";

    private final Path root;
    private final PrintWriter out;
    private final Clock clock;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final Map<String, String> names = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile long stepStart = System.nanoTime();
    private final AtomicLong lastEvent = new AtomicLong(System.nanoTime());
    private final Map<String, Map<SyncEvent.Kind, AtomicLong>> counts = new ConcurrentHashMap<>();

    /** One node of the demo federation; {@code raised} collects the sightings its own detection stores. */
    record Member(String name, String role, String jurisdiction, NodeIdentity identity, Node node,
                  Queue<JsonObject> raised) {
        PolicyStore policy() {
            return node.sharingGate().store();
        }
    }

    /** The result of a played scenario, for the summary and for tests. */
    public record Summary(Map<String, Map<SyncEvent.Kind, Long>> events, Map<String, Long> intel,
                          Map<String, Long> received, Map<String, Ledger.Verification> ledgers,
                          boolean approvedReachedPartner, boolean sightingReachedProducer,
                          boolean revocationReachedCharlie) {
    }

    public Demo(Path root, PrintWriter out, Clock clock) {
        this.root = root;
        this.out = out;
        this.clock = clock;
    }

    /** Starts the three nodes, wires agreements and peers, and prints where they listen. */
    public void start() {
        out.println("Datong demo: three nodes on this machine, data in " + root);
        add("alpha", "national CERT", "FR", null);
        add("bravo", "energy-sector ISAC", "DE", null);
        add("charlie", "water utility SOC", "DE", CHARLIE_DETECT);
        for (Member m : members.values()) {
            out.printf("  %-8s %-20s %s  %s%n", m.name(), m.role(), m.jurisdiction(), m.node().taxiiDiscovery());
        }
        out.println();
        out.println("Agreements (each side signs its own):");
        agree("alpha", "bravo", Tlp.AMBER, "important");
        agree("bravo", "charlie", Tlp.GREEN, "general");
        out.println("  alpha <-> bravo    up to TLP:AMBER and grade important; personal data minimised; relay allowed");
        out.println("  bravo <-> charlie  up to TLP:GREEN and grade general; personal data minimised; relay allowed");
        out.println("  jurisdiction rules on every node: core data never leaves the country; important data"
                + " abroad needs a review");
        peer("alpha", "bravo");
        peer("bravo", "alpha");
        peer("bravo", "charlie");
        peer("charlie", "bravo");
        out.println();
        out.flush();
    }

    /** Plays the scenario step by step and returns what happened. */
    public Summary play() {
        JsonObject bundle = Json.parseObject(resource(SCENARIO));
        List<JsonObject> objects = new ArrayList<>();
        for (JsonValue v : (JsonArray) bundle.get("objects")) {
            JsonObject o = (JsonObject) v;
            objects.add(o);
            names.put(o.getString("id"), label(o));
        }
        step("1. alpha publishes the Operation Paper Lantern scenario (" + objects.size() + " objects)");
        member("alpha").node().store().add(INTEL, objects);
        arrives("charlie", REPORT, null);
        awaitQuiet();

        step("2. alpha's operator reviews what the jurisdiction rules held back");
        PolicyStore alphaPolicy = member("alpha").policy();
        List<Review> pending = alphaPolicy.reviews(Review.State.PENDING, null);
        if (pending.isEmpty()) {
            out.println("  nothing is waiting for review");
        }
        for (Review r : pending) {
            alphaPolicy.decide(r.id(), true, "duty-officer@alpha", "needed by the sector to block the beacon");
            out.println("  approved review #" + r.id() + ": " + display(r.objectId()) + " for " + r.partner());
        }
        member("alpha").node().federation().syncNow();
        boolean approvedArrived = true;
        for (Review r : pending) {
            approvedArrived &= arrives(r.partner(), r.objectId(), null);
        }
        awaitQuiet();

        step("3. alpha revokes the update-domain indicator (it was sinkholed)");
        JsonObject domain = objects.stream().filter(o -> DOMAIN_INDICATOR.equals(o.getString("id"))).findFirst()
                .orElseThrow(() -> new IllegalStateException("the scenario lacks " + DOMAIN_INDICATOR));
        JsonObject revoked = domain.with("modified", new JsonString(REVOKED_AT))
                .with("revoked", JsonBoolean.of(true));
        member("alpha").node().store().add(INTEL, List.of(revoked));
        boolean revocationReachedCharlie = arrives("charlie", DOMAIN_INDICATOR, REVOKED_AT);
        awaitQuiet();

        step("4. charlie's log shipper sends its proxy log to charlie's node, which matches it");
        boolean sightingBack = detectAtCharlie();
        awaitQuiet();

        step("5. every node verifies its ledger");
        Map<String, Ledger.Verification> ledgers = new LinkedHashMap<>();
        for (Member m : members.values()) {
            Ledger.Verification v = m.node().sharingGate().ledger().verify();
            ledgers.put(m.name(), v);
            out.println("  " + m.name() + ": " + (v.ok() ? "intact, " + v.entries() + " entries"
                    : "BROKEN at entry " + v.firstBad() + ": " + v.problem()));
        }
        return summary(ledgers, approvedArrived, sightingBack, revocationReachedCharlie);
    }

    /** Prints the table of what each node did. */
    public void print(Summary s) {
        out.println();
        out.println("Summary");
        out.printf("  %-8s %6s %9s %6s %9s %7s %8s %8s %s%n", "node", "intel", "received", "sent", "redacted",
                "denied", "reviewed", "refused", "ledger");
        for (String n : members.keySet()) {
            Map<SyncEvent.Kind, Long> e = s.events().getOrDefault(n, Map.of());
            Ledger.Verification v = s.ledgers().get(n);
            out.printf("  %-8s %6d %9d %6d %9d %7d %8d %8d %s%n", n, s.intel().get(n), s.received().get(n),
                    e.getOrDefault(SyncEvent.Kind.SENT, 0L) + e.getOrDefault(SyncEvent.Kind.REDACTED, 0L),
                    e.getOrDefault(SyncEvent.Kind.REDACTED, 0L), e.getOrDefault(SyncEvent.Kind.DENIED, 0L),
                    e.getOrDefault(SyncEvent.Kind.HELD_FOR_REVIEW, 0L), e.getOrDefault(SyncEvent.Kind.REFUSED, 0L),
                    v.ok() ? "verified (" + v.entries() + ")" : "BROKEN at " + v.firstBad());
        }
        out.println();
        out.println("  approved after review reached its partner: " + yesNo(s.approvedReachedPartner()));
        out.println("  revocation reached charlie: " + yesNo(s.revocationReachedCharlie()));
        out.println("  charlie's sighting reached alpha, the producer: " + yesNo(s.sightingReachedProducer()));
        out.println();
        out.println("The nodes (TAXII 2.1 discovery, REST under /api/v1/, metrics at /metrics):");
        for (Member m : members.values()) {
            out.println("  " + m.name() + "  " + m.node().uri());
        }
        out.flush();
    }

    /** True when the played scenario showed everything it should. */
    public static boolean succeeded(Summary s) {
        return s.ledgers().values().stream().allMatch(Ledger.Verification::ok) && s.approvedReachedPartner()
                && s.sightingReachedProducer()
                && s.revocationReachedCharlie();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (Member m : members.values()) {
            try {
                m.node().close();
            } catch (RuntimeException e) {
                out.println("  " + m.name() + " did not stop cleanly: " + e.getMessage());
            }
        }
    }

    Member member(String name) {
        Member m = members.get(name);
        if (m == null) {
            throw new IllegalArgumentException("no demo node named " + name);
        }
        return m;
    }

    // ------------------------------------------------------------------ set-up

    /** Starts one node; {@code detect} is the text of its {@code detect.properties}, or null for the defaults. */
    private void add(String name, String role, String jurisdiction, String detect) {
        Path dir = root.resolve(name);
        try {
            Files.createDirectories(RulesFile.path(dir).getParent());
            Files.writeString(RulesFile.path(dir), rules(jurisdiction), StandardCharsets.UTF_8);
            if (detect != null) {
                Files.writeString(dir.resolve(DetectConfig.FILE_NAME), detect, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir + ": " + e.getMessage(), e);
        }
        NodeIdentity identity = NodeIdentity.loadOrCreate(dir, name, jurisdiction, clock);
        Node node = Node.start(NodeConfig.defaults(dir).withPort(0), clock);
        node.store().createCollection(StoredCollection.of(INTEL, "Intelligence")
                .withDescription("what " + name + " publishes and shares"));
        node.federation().addListener(e -> event(name, e));
        Queue<JsonObject> raised = new ConcurrentLinkedQueue<>();
        node.store().addListener((collection, stored) -> {
            for (StoredObject o : stored) {
                if ("sighting".equals(o.type())) {
                    JsonObject s = o.parse();
                    if (identity.id().equals(s.getString("created_by_ref"))) {
                        raised.add(s);
                        raised(name, collection, s);
                    }
                }
            }
        });
        members.put(name, new Member(name, role, jurisdiction, identity, node, raised));
    }

    /** The default jurisdiction rules, for the node's own country. */
    private static String rules(String jurisdiction) {
        String placeholder = "\"jurisdiction\": \"" + JurisdictionRules.UNKNOWN_JURISDICTION + "\"";
        if (!JurisdictionRules.DEFAULT_TEXT.contains(placeholder)) {
            throw new IllegalStateException("the default rules no longer name their jurisdiction as " + placeholder);
        }
        return JurisdictionRules.DEFAULT_TEXT.replace(placeholder, "\"jurisdiction\": \"" + jurisdiction + "\"");
    }

    /** Both sides record the other as a partner and sign the same terms. */
    private void agree(String a, String b, Tlp maxTlp, String maxGrade) {
        Member ma = member(a);
        Member mb = member(b);
        terms(ma, mb, maxTlp, maxGrade);
        terms(mb, ma, maxTlp, maxGrade);
    }

    private static void terms(Member self, Member other, Tlp maxTlp, String maxGrade) {
        self.policy().addPartner(new Partner(other.identity().id(), other.name(), other.jurisdiction(), null,
                other.identity().publicKeyText()));
        self.policy().createAgreement(new PolicyStore.AgreementTerms(other.name(), Agreement.Direction.BOTH,
                Set.of("*"), Set.of("*"), maxTlp, maxGrade, PersonalData.Treatment.MINIMISE, true, Set.of(),
                null, null, Agreement.State.ACTIVE));
    }

    /** {@code from} pushes into {@code to}'s inbox, signing in with a token {@code to} issued for it. */
    private void peer(String from, String to) {
        Member f = member(from);
        Member t = member(to);
        if (!t.node().accounts().users().contains(from)) {
            t.node().accounts().addUser(from, randomPassword(), Set.of("peers"));
        }
        String token = t.node().accounts().createToken(from, "federation");
        f.node().peers().add(new Peer(to, t.node().taxiiApiRoot(), t.identity().id(), t.identity().publicKeyText(),
                List.of(), FederationConfig.DEFAULT_INBOX, new Peer.Auth.Token(token)));
        f.node().federation().peersChanged();
    }

    private static char[] randomPassword() {
        byte[] b = new byte[24];
        new java.security.SecureRandom().nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b).toCharArray();
    }

    // ------------------------------------------------------------------ early warning

    /**
     * Step 4 as an operator would run it: charlie's log shipper POSTs the proxy
     * log to charlie's telemetry endpoint with its own token; the node matches it
     * against the indicators it holds, stores the sightings (marked like the
     * indicators they reveal) and shares them under policy. Returns true when
     * every sighting charlie raised reached alpha.
     */
    private boolean detectAtCharlie() {
        Member charlie = member("charlie");
        Node node = charlie.node();
        if (!node.accounts().users().contains(LOG_SHIPPER)) {
            node.accounts().addUser(LOG_SHIPPER, randomPassword(), Set.of());
        }
        String token = node.accounts().createToken(LOG_SHIPPER, "proxy log shipping");
        String log = resource(TELEMETRY);
        long lines = log.lines().filter(l -> !l.isBlank()).count();
        HttpResponse<String> response;
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            response = http.send(HttpRequest.newBuilder(node.uri().resolve(TELEMETRY_PATH))
                    .timeout(STEP_LIMIT)
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString(log, StandardCharsets.UTF_8))
                    .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            say("  charlie's node did not take the log: " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (response.statusCode() != 200) {
            say("  charlie's node refused the log: HTTP " + response.statusCode() + " " + response.body());
            return false;
        }
        JsonObject result = Json.parseObject(response.body());
        long hits = number(result, "hits");
        say("  POST " + TELEMETRY_PATH + " (" + lines + " ECS JSON lines) -> " + number(result, "events") + " events, "
                + hits + " hits, " + number(result, "rejected") + " rejected");
        if (result.getArray("problems") != null) {
            for (JsonValue p : result.getArray("problems")) {
                say("    " + ((JsonString) p).value());
            }
        }
        if (hits == 0) {
            say("  no indicator charlie holds matched the log");
            return false;
        }
        // the node folds hits into sightings and stores them when their window closes (flush_every)
        if (!waitUntil(() -> raisedCount(charlie) >= hits)) {
            say("  charlie's node stored sightings for " + raisedCount(charlie) + " of its " + hits + " hits within "
                    + STEP_LIMIT.toSeconds() + " s");
            return false;
        }
        boolean back = true;
        for (JsonObject s : charlie.raised()) {
            back &= arrives("alpha", s.getString("id"), null);
        }
        return back;
    }

    private static long raisedCount(Member m) {
        long n = 0;
        for (JsonObject s : m.raised()) {
            n += number(s, "count");
        }
        return n;
    }

    /** Prints a sighting a node's detection stored, as it happens. */
    private void raised(String node, String collection, JsonObject s) {
        lastEvent.set(System.nanoTime());
        JsonObject match = s.get("x_datong_match") instanceof JsonObject m ? m : JsonObject.builder().build();
        List<String> marks = new ArrayList<>();
        if (s.get("object_marking_refs") instanceof JsonArray refs) {
            for (JsonValue r : refs) {
                marks.add(markingLabel(((JsonString) r).value()));
            }
        }
        synchronized (out) {
            double t = (System.nanoTime() - stepStart) / 1e9;
            out.printf("  %5.2fs %-8s %-16s %-40s %s time(s), %s to %s%n", t, node, "sighted", display(s.getString("sighting_of_ref")),
                    s.get("count"), s.getString("first_seen"), s.getString("last_seen"));
            out.printf("  %6s %-8s %-16s matched %s; stored as %s in '%s', marked %s%n", "", "", "",
                    match.getString("matched_entry"), s.getString("id"), collection,
                    marks.isEmpty() ? "(none)" : String.join(", ", marks));
            out.flush();
        }
    }

    /** TLP:GREEN, grade general, ... for a marking-definition id; the id itself when Datong does not know it. */
    private static String markingLabel(String id) {
        Tlp tlp = Tlp.ofMarkingId(id);
        if (tlp != null) {
            return tlp.label();
        }
        for (String grade : List.of(GradeScheme.GENERAL, GradeScheme.IMPORTANT, GradeScheme.CORE)) {
            if (id.equals(GradeScheme.markingId(grade))) {
                return "grade " + grade;
            }
        }
        return id;
    }

    private static long number(JsonObject o, String name) {
        return o.get(name) instanceof JsonNumber n ? n.longValue() : 0;
    }

    private void say(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    // ------------------------------------------------------------------ running

    private void event(String node, SyncEvent e) {
        lastEvent.set(System.nanoTime());
        counts.computeIfAbsent(node, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(e.kind(), k -> new AtomicLong()).incrementAndGet();
        String direction = switch (e.kind()) {
            case RECEIVED, REFUSED -> "from " + e.peer();
            default -> "to " + e.peer();
        };
        String detail = e.detail() == null || e.detail().isEmpty() ? "" : " - " + e.detail();
        synchronized (out) {
            double t = (System.nanoTime() - stepStart) / 1e9;
            out.printf("  %5.2fs %-8s %-16s %-40s %s%s%n", t, node, e.kind().word(), display(e.objectId()), direction,
                    detail);
            out.flush();
        }
    }

    private void step(String title) {
        synchronized (out) {
            out.println();
            out.println(title);
            out.flush();
        }
        stepStart = System.nanoTime();
        lastEvent.set(stepStart);
    }

    /** Waits until no node has reported anything for {@link #QUIET}. */
    private void awaitQuiet() {
        await(() -> System.nanoTime() - lastEvent.get() > QUIET.toNanos(), "the federation to settle");
    }

    private static void await(BooleanSupplier done, String what) {
        if (!waitUntil(done)) {
            throw new IllegalStateException(Thread.currentThread().isInterrupted() ? "interrupted while waiting for " + what
                    : "gave up after " + STEP_LIMIT.toSeconds() + " s waiting for " + what);
        }
    }

    /** Polls {@code done} until it holds (true) or {@link #STEP_LIMIT} passes or the thread is interrupted (false). */
    private static boolean waitUntil(BooleanSupplier done) {
        long deadline = System.nanoTime() + STEP_LIMIT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /**
     * Waits until the node holds that object (at that version, when given);
     * says so plainly and returns false when it does not arrive in time.
     */
    private boolean arrives(String node, String id, String version) {
        if (!waitUntil(() -> holds(node, id, version))) {
            say("  " + display(id) + " did not reach " + node + " within " + STEP_LIMIT.toSeconds() + " s");
            return false;
        }
        return true;
    }

    /** True when the node holds that object (at that version, when given) in any collection. */
    private boolean holds(String node, String id, String version) {
        Node n = member(node).node();
        for (StoredCollection c : n.store().collections()) {
            Page p = n.store().objects(c.id(), ObjectQuery.all().withIds(Set.of(id))
                    .withVersions(ObjectQuery.Versions.ALL));
            for (StoredObject o : p.objects()) {
                if (version == null || version.equals(o.parse().getString("modified"))) {
                    return true;
                }
            }
        }
        return false;
    }

    private Summary summary(Map<String, Ledger.Verification> ledgers, boolean approved, boolean sightingBack,
                            boolean revoked) {
        Map<String, Map<SyncEvent.Kind, Long>> events = new LinkedHashMap<>();
        Map<String, Long> intel = new LinkedHashMap<>();
        Map<String, Long> received = new LinkedHashMap<>();
        for (Member m : members.values()) {
            Map<SyncEvent.Kind, Long> e = new EnumMap<>(SyncEvent.Kind.class);
            counts.getOrDefault(m.name(), Map.of()).forEach((k, v) -> e.put(k, v.get()));
            events.put(m.name(), e);
            intel.put(m.name(), m.node().store().count(INTEL));
            received.put(m.name(), m.node().store().collection(FederationConfig.DEFAULT_RECEIVED).isPresent()
                    ? m.node().store().count(FederationConfig.DEFAULT_RECEIVED) : 0L);
        }
        return new Summary(events, intel, received, ledgers, approved, sightingBack, revoked);
    }

    private String display(String id) {
        if (id == null) {
            return "?";
        }
        String name = names.get(id);
        return name != null ? name : id;
    }

    private static String label(JsonObject o) {
        String type = o.getString("type");
        String name = o.getString("name");
        if (name != null) {
            return type + " '" + name + "'";
        }
        if ("relationship".equals(type)) {
            return "relationship " + o.getString("relationship_type");
        }
        return o.getString("id");
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "NO";
    }

    static String resource(String path) {
        try (InputStream in = Demo.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the demo resource " + path + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
