package org.datong.store;

import org.datong.stix.Timestamp;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonString;
import org.datong.stix.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour every {@link ObjectStore} must have. Subclasses supply a real
 * database (SQLite, PostgreSQL).
 */
abstract class ObjectStoreContract {
    protected final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    protected ObjectStore store;
    private AutoCloseable resource;

    /** Opens a fresh, empty, migrated database; returns what to close afterwards. */
    protected abstract Database openDatabase() throws Exception;

    @BeforeEach
    void open() throws Exception {
        Database db = openDatabase();
        resource = db;
        store = ObjectStore.open(db, clock);
        store.createCollection(StoredCollection.of("c1", "One"));
    }

    @AfterEach
    void close() throws Exception {
        resource.close();
    }

    static JsonObject indicator(String id, String modified) {
        return Json.parseObject("""
                {"type":"indicator","spec_version":"2.1","id":"%s","created":"2020-01-01T00:00:00.000Z",
                 "modified":"%s","pattern":"[ipv4-addr:value = '10.0.0.1']","pattern_type":"stix",
                 "valid_from":"2020-01-01T00:00:00Z","x_custom":{"keep":[1,2.50,"three"]}}"""
                .formatted(id, modified));
    }

    static String newId(String type) {
        return type + "--" + UUID.randomUUID();
    }

    private List<String> ids(Page p) {
        return p.objects().stream().map(StoredObject::id).toList();
    }

    @Test
    void storesObjectsAndReturnsTheirJsonUnchangedInAddedOrder() {
        String a = newId("indicator");
        String b = newId("indicator");
        JsonObject oa = indicator(a, "2020-01-01T00:00:00.000Z");
        BatchResult r = store.add("c1", List.of(oa, indicator(b, "2020-01-01T00:00:00.000Z")));
        assertThat(r.outcomes()).extracting(Outcome::status).containsExactly(Outcome.Status.STORED, Outcome.Status.STORED);

        Page p = store.objects("c1", ObjectQuery.all());
        assertThat(ids(p)).containsExactly(a, b);
        assertThat(p.more()).isFalse();
        assertThat(p.next()).isNull();
        assertThat(p.objects().get(0).parse()).isEqualTo(oa);
        assertThat(p.objects().get(0).json()).contains("2.50");
        assertThat(p.objects().get(0).dateAdded()).isEqualTo(clock.instant());
        assertThat(store.count("c1")).isEqualTo(2);
    }

    @Test
    void repostingTheSameVersionIsADuplicateAndChangesNothing() {
        String a = newId("indicator");
        store.add("c1", List.of(indicator(a, "2020-01-01T00:00:00.000Z")));
        BatchResult again = store.add("c1", List.of(indicator(a, "2020-01-01T00:00:00.000Z"),
                indicator(a, "2020-01-01T00:00:00.000000Z")));
        assertThat(again.outcomes()).extracting(Outcome::status)
                .containsExactly(Outcome.Status.DUPLICATE, Outcome.Status.DUPLICATE);
        assertThat(store.count("c1")).isEqualTo(1);
    }

    @Test
    void anObjectWithoutAVersionIsSelectedByItsDateAddedAndItsOutcomesSayWhenItWasAdded() {
        JsonObject sco = org.datong.stix.ScoIds.withId(Json.parseObject(
                "{\"type\":\"ipv4-addr\",\"spec_version\":\"2.1\",\"value\":\"203.0.113.9\"}"));
        Instant first = clock.instant();
        BatchResult r = store.add("c1", List.of(sco, Json.parseObject(
                "{\"type\":\"indicator\",\"id\":\"indicator--" + UUID.randomUUID() + "\",\"modified\":\"yesterday\"}")));
        assertThat(r.outcomes().get(0).dateAdded()).isEqualTo(first);
        assertThat(r.outcomes().get(0).version()).isNull();
        assertThat(r.outcomes().get(1).status()).isEqualTo(Outcome.Status.REFUSED);
        assertThat(r.outcomes().get(1).version()).as("what a refused object claims").isEqualTo("yesterday");
        assertThat(r.outcomes().get(1).dateAdded()).isNull();
        assertThat(store.lastAdded("c1")).isEqualTo(first);

        clock.advance(Duration.ofSeconds(1));
        BatchResult again = store.add("c1", List.of(sco));
        assertThat(again.outcomes().getFirst().status()).isEqualTo(Outcome.Status.DUPLICATE);
        assertThat(again.outcomes().getFirst().dateAdded()).as("when the held copy was added").isEqualTo(first);
        assertThat(store.lastAdded("c1")).as("a write that stored nothing still moves it").isEqualTo(clock.instant());

        ObjectQuery q = ObjectQuery.all();
        assertThat(ids(store.objects("c1", q.withVersions(ObjectQuery.Versions.parse(first.toString())))))
                .containsExactly(sco.getString("id"));
        assertThat(ids(store.manifest("c1", q.withVersions(ObjectQuery.Versions.parse(
                "2020-01-01T00:00:00Z," + first.plusNanos(1000)))))).as("not the same instant").isEmpty();
    }

    @Test
    void keepsEveryVersionAndServesTheLatestByDefault() {
        String a = newId("indicator");
        store.add("c1", List.of(indicator(a, "2020-01-02T00:00:00.000Z")));
        store.add("c1", List.of(indicator(a, "2020-01-03T00:00:00.000Z"), indicator(a, "2020-01-01T00:00:00.000Z")));

        assertThat(store.objects("c1", ObjectQuery.all()).objects()).extracting(StoredObject::version)
                .containsExactly("2020-01-03T00:00:00.000Z");
        ObjectQuery q = ObjectQuery.all();
        assertThat(store.objects("c1", q.withVersions(ObjectQuery.Versions.parse("first"))).objects())
                .extracting(StoredObject::version).containsExactly("2020-01-01T00:00:00.000Z");
        assertThat(store.objects("c1", q.withVersions(ObjectQuery.Versions.ALL)).objects())
                .extracting(StoredObject::version)
                .containsExactly("2020-01-02T00:00:00.000Z", "2020-01-03T00:00:00.000Z", "2020-01-01T00:00:00.000Z");
        assertThat(store.objects("c1", q.withVersions(ObjectQuery.Versions.parse("2020-01-02T00:00:00Z,first"))).objects())
                .extracting(StoredObject::version)
                .containsExactly("2020-01-02T00:00:00.000Z", "2020-01-01T00:00:00.000Z");
        assertThat(store.versions("c1", a, ObjectQuery.all()).objects()).hasSize(3);
    }

    @Test
    void refusesBadObjectsWithAReasonAndStoresTheGoodOnesOfTheSameBatch() {
        String good = newId("indicator");
        List<JsonValue> batch = List.of(
                new JsonString("not an object"),
                Json.parseObject("{\"type\":\"indicator\"}"),
                indicator(good, "2020-01-01T00:00:00.000Z"),
                indicator("malware--" + UUID.randomUUID(), "2020-01-01T00:00:00.000Z"),
                indicator(newId("indicator"), "yesterday"));
        BatchResult r = store.add("c1", batch);
        assertThat(r.outcomes()).extracting(Outcome::status).containsExactly(Outcome.Status.REFUSED,
                Outcome.Status.REFUSED, Outcome.Status.STORED, Outcome.Status.REFUSED, Outcome.Status.REFUSED);
        assertThat(r.outcomes().get(0).reason()).contains("not a JSON object");
        assertThat(r.outcomes().get(1).reason()).contains("'id'");
        assertThat(r.outcomes().get(3).reason()).contains("malware");
        assertThat(r.outcomes().get(4).reason()).contains("modified");
        assertThat(ids(store.objects("c1", ObjectQuery.all()))).containsExactly(good);
    }

    /**
     * A batch of several thousand inputs is checked in pieces on several
     * threads and written piece by piece: outcomes stay in input order with
     * the reason each input has on its own, good objects are stored in input
     * order, versions spread over the pieces end with the right latest one.
     */
    @Test
    void aLargeMixedBatchKeepsInputOrderOutcomesAndReasonsAcrossPieces() {
        Random random = new Random(20261202L);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ids.add(newId("indicator"));
        }
        List<JsonValue> batch = new ArrayList<>();
        List<Outcome.Status> expected = new ArrayList<>();
        List<String> storedInOrder = new ArrayList<>();
        Set<String> seenVersions = new HashSet<>();
        java.util.Map<String, String> latest = new java.util.HashMap<>();
        for (int i = 0; i < 2345; i++) {
            int kind = random.nextInt(10);
            if (kind == 0) {
                batch.add(Json.parseObject(indicator(newId("indicator"), "2020-01-01T00:00:00.000Z").toString()
                        .replace("[ipv4-addr:value = '10.0.0.1']", "[ipv4-addr:value = ")));
                expected.add(Outcome.Status.REFUSED);
            } else if (kind == 1) {
                batch.add(new JsonString("item " + i));
                expected.add(Outcome.Status.REFUSED);
            } else {
                String id = ids.get(random.nextInt(ids.size()));
                String modified = "2020-01-01T00:00:%02d.000Z".formatted(random.nextInt(20));
                batch.add(indicator(id, modified));
                if (seenVersions.add(id + "@" + modified)) {
                    expected.add(Outcome.Status.STORED);
                    storedInOrder.add(id + "@" + modified);
                    latest.merge(id, modified, (a, b) -> a.compareTo(b) >= 0 ? a : b);
                } else {
                    expected.add(Outcome.Status.DUPLICATE);
                }
            }
        }
        BatchResult r = store.add("c1", batch);

        assertThat(r.outcomes()).extracting(Outcome::index)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, batch.size()).boxed().toList());
        assertThat(r.outcomes()).extracting(Outcome::status).containsExactlyElementsOf(expected);
        store.createCollection(StoredCollection.of("alone", "Alone"));
        List<Outcome> refused = r.outcomes().stream().filter(o -> o.status() == Outcome.Status.REFUSED).toList();
        assertThat(refused).hasSizeGreaterThan(100);
        for (Outcome o : refused.subList(refused.size() - 20, refused.size())) {
            // the same reason as when the input is added on its own
            Outcome alone = store.add("alone", List.of(batch.get(o.index()))).outcomes().get(0);
            assertThat(o.reason()).isEqualTo(alone.reason()).isNotBlank();
        }
        List<String> stored = new ArrayList<>();
        String next = null;
        do {
            Page p = store.objects("c1", ObjectQuery.all().withVersions(ObjectQuery.Versions.ALL).withLimit(500)
                    .withNext(next));
            p.objects().forEach(o -> stored.add(o.id() + "@" + o.version()));
            next = p.next();
        } while (next != null);
        assertThat(stored).containsExactlyElementsOf(storedInOrder);
        List<String> last = new ArrayList<>();
        store.objects("c1", ObjectQuery.all().withLimit(1000)).objects()
                .forEach(o -> last.add(o.id() + "@" + o.version()));
        assertThat(last).containsExactlyInAnyOrderElementsOf(
                latest.entrySet().stream().map(e -> e.getKey() + "@" + e.getValue()).toList());
    }

    /**
     * An input read lazily from a larger text that turns out not to be
     * acceptable JSON (a duplicate key) fails the whole batch and leaves
     * nothing stored, wherever in the batch it is.
     */
    @Test
    void aMalformedRawInputFailsTheWholeBatchAndStoresNothing() {
        StringBuilder text = new StringBuilder();
        List<int[]> slices = new ArrayList<>();
        for (int i = 0; i < 450; i++) {
            String member = i == 433
                    ? "{\"type\":\"note\",\"type\":\"note\"}"
                    : indicator(newId("indicator"), "2020-01-01T00:00:00.000Z").toString();
            slices.add(new int[]{text.length(), member.length()});
            text.append(member).append('\n');
        }
        byte[] bytes = text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<StixInput> inputs = slices.stream().map(sl -> StixInput.raw(bytes, sl[0], sl[1],
                org.datong.stix.json.JsonLimits.DEFAULT, "$.objects[" + slices.indexOf(sl) + "]")).toList();
        assertThatThrownBy(() -> store.addInputs("c1", inputs))
                .isInstanceOf(org.datong.stix.json.JsonException.class)
                .hasMessageContaining("$.objects[433]").hasMessageContaining("line 434");
        assertThat(store.count("c1")).isZero();

        String a = newId("indicator");
        assertThat(store.add("c1", List.of(indicator(a, "2020-01-01T00:00:00.000Z"))).outcomes().get(0).status())
                .isEqualTo(Outcome.Status.STORED);
        assertThat(ids(store.objects("c1", ObjectQuery.all()))).containsExactly(a);
    }

    @Test
    void refusesAnIndicatorWhosePatternDoesNotParse() {
        JsonObject broken = Json.parseObject(indicator(newId("indicator"), "2020-01-01T00:00:00.000Z").toString()
                .replace("[ipv4-addr:value = '10.0.0.1']", "[ipv4-addr:value = "));
        Outcome o = store.add("c1", List.of(broken)).outcomes().get(0);
        assertThat(o.status()).isEqualTo(Outcome.Status.REFUSED);
        assertThat(o.reason()).contains("pattern");
    }

    @Test
    void cursorsVisitEveryObjectExactlyOnce() {
        Random random = new Random(42);
        List<String> expected = new ArrayList<>();
        for (int batch = 0; batch < 7; batch++) {
            List<JsonObject> objects = new ArrayList<>();
            for (int i = random.nextInt(40); i >= 0; i--) {
                String id = newId("indicator");
                expected.add(id);
                objects.add(indicator(id, "2020-01-01T00:00:00.000Z"));
            }
            store.add("c1", objects);
            clock.advance(Duration.ofMillis(random.nextInt(3)));
        }
        for (int limit : new int[]{1, 3, 17, 1000}) {
            List<String> seen = new ArrayList<>();
            ObjectQuery q = ObjectQuery.all().withLimit(limit);
            Page p;
            do {
                p = store.objects("c1", q);
                assertThat(p.objects().size()).isLessThanOrEqualTo(limit);
                seen.addAll(ids(p));
                q = q.withNext(p.next());
            } while (p.more());
            assertThat(seen).as("limit %d", limit).isEqualTo(expected);
        }
    }

    @Test
    void addedAfterReturnsOnlyLaterAdditions() {
        String early = newId("indicator");
        String late = newId("indicator");
        store.add("c1", List.of(indicator(early, "2020-01-01T00:00:00.000Z")));
        Instant firstAdded = clock.instant();
        clock.advance(Duration.ofSeconds(1));
        store.add("c1", List.of(indicator(late, "2020-01-01T00:00:00.000Z")));
        assertThat(ids(store.objects("c1", ObjectQuery.all().withAddedAfter(firstAdded)))).containsExactly(late);
        assertThat(ids(store.objects("c1", ObjectQuery.all().withAddedAfter(firstAdded.minusMillis(1)))))
                .containsExactly(early, late);
        assertThat(store.objects("c1", ObjectQuery.all().withAddedAfter(clock.instant())).objects()).isEmpty();
    }

    @Test
    void addedSinceCountsTheVersionsAddedFromAnInstantAndNamesTheEarliest() {
        assertThat(store.addedSince("c1", Instant.EPOCH)).isEqualTo(new ObjectStore.Added(0, null));
        Instant first = clock.instant();
        String id = newId("indicator");
        store.add("c1", List.of(indicator(id, "2020-01-01T00:00:00.000Z"), indicator(newId("indicator"), "2020-01-01T00:00:00.000Z")));
        clock.advance(Duration.ofSeconds(2));
        Instant second = clock.instant();
        store.add("c1", List.of(indicator(id, "2020-01-02T00:00:00.000Z")));
        store.add("c1", List.of(indicator(id, "2020-01-02T00:00:00.000Z"))); // a duplicate adds nothing

        assertThat(store.addedSince("c1", Instant.EPOCH)).isEqualTo(new ObjectStore.Added(3, first));
        assertThat(store.addedSince("c1", first.plusMillis(1))).isEqualTo(new ObjectStore.Added(1, second));
        assertThat(store.addedSince("c1", second.plusMillis(1))).isEqualTo(new ObjectStore.Added(0, null));
        assertThatThrownBy(() -> store.addedSince("nope", Instant.EPOCH)).isInstanceOf(NoSuchCollectionException.class);
    }

    @Test
    void dateAddedGrowsWithEveryCommitEvenWhenTheClockGoesBackwards() {
        store.add("c1", List.of(indicator(newId("indicator"), "2020-01-01T00:00:00.000Z")));
        clock.advance(Duration.ofHours(-1));
        store.add("c1", List.of(indicator(newId("indicator"), "2020-01-01T00:00:00.000Z")));
        List<StoredObject> all = store.objects("c1", ObjectQuery.all()).objects();
        assertThat(all.get(1).dateAdded()).isAfter(all.get(0).dateAdded());
        store.add("c1", List.of(indicator(newId("indicator"), "2020-01-01T00:00:00.000Z"),
                indicator(newId("indicator"), "2020-01-01T00:00:00.000Z")));
        List<StoredObject> more = store.objects("c1", ObjectQuery.all()).objects();
        assertThat(more.get(2).dateAdded()).isAfter(more.get(1).dateAdded()).isEqualTo(more.get(3).dateAdded());
    }

    @Test
    void filtersByIdTypeAndSpecVersion() {
        String ind = newId("indicator");
        String mal = newId("malware");
        JsonObject malware = Json.parseObject("""
                {"type":"malware","spec_version":"2.1","id":"%s","created":"2020-01-01T00:00:00.000Z",
                 "modified":"2020-01-01T00:00:00.000Z","name":"x","is_family":false}""".formatted(mal));
        JsonObject ip = Json.parseObject("{\"type\":\"ipv4-addr\",\"id\":\"ipv4-addr--" + UUID.randomUUID()
                + "\",\"value\":\"10.0.0.1\"}");
        store.add("c1", List.of(indicator(ind, "2020-01-01T00:00:00.000Z"), malware, ip));
        ObjectQuery q = ObjectQuery.all();
        assertThat(ids(store.objects("c1", q.withTypes(Set.of("malware"))))).containsExactly(mal);
        assertThat(ids(store.objects("c1", q.withIds(Set.of(ind, mal))))).containsExactly(ind, mal);
        assertThat(store.objects("c1", q.withSpecVersions(Set.of("2.0"))).objects()).isEmpty();
        assertThat(store.objects("c1", q.withSpecVersions(Set.of("2.1"))).objects()).hasSize(3);
        assertThat(store.objects("c1", q.withTypes(Set.of("ipv4-addr"))).objects().get(0).version()).isNull();
    }

    @Test
    void deletingAVersionLeavesTheOthersAndMovesLast() {
        String a = newId("indicator");
        store.add("c1", List.of(indicator(a, "2020-01-01T00:00:00.000Z"), indicator(a, "2020-01-02T00:00:00.000Z")));
        int n = store.delete("c1", a, ObjectQuery.all().withVersions(ObjectQuery.Versions.parse("2020-01-02T00:00:00.000Z")));
        assertThat(n).isEqualTo(1);
        assertThat(store.objects("c1", ObjectQuery.all()).objects()).extracting(StoredObject::version)
                .containsExactly("2020-01-01T00:00:00.000Z");
        assertThat(store.delete("c1", a, ObjectQuery.all().withVersions(ObjectQuery.Versions.ALL))).isEqualTo(1);
        assertThat(store.objects("c1", ObjectQuery.all()).objects()).isEmpty();
    }

    @Test
    void listenersSeeOnlyNewlyStoredObjectsAndCannotBreakAWrite() {
        List<String> heard = new ArrayList<>();
        store.addListener((c, objects) -> {
            throw new IllegalStateException("listener bug");
        });
        store.addListener((c, objects) -> objects.forEach(o -> heard.add(c + ":" + o.id())));
        String a = newId("indicator");
        String b = newId("indicator");
        store.add("c1", List.of(indicator(a, "2020-01-01T00:00:00.000Z")));
        BatchResult r = store.add("c1", List.of(indicator(a, "2020-01-01T00:00:00.000Z"),
                indicator(b, "2020-01-01T00:00:00.000Z")));
        assertThat(r.count(Outcome.Status.STORED)).isEqualTo(1);
        assertThat(heard).containsExactly("c1:" + a, "c1:" + b);
    }

    @Test
    void unknownCollectionsAndForeignCursorsAreReportedAsSuch() {
        assertThatThrownBy(() -> store.objects("nope", ObjectQuery.all())).isInstanceOf(NoSuchCollectionException.class);
        assertThatThrownBy(() -> store.add("nope", List.of())).isInstanceOf(NoSuchCollectionException.class);
        assertThatThrownBy(() -> store.objects("c1", ObjectQuery.all().withNext("garbage!")))
                .isInstanceOf(InvalidQueryException.class);
    }

    @Test
    void collectionsKeepTheirRightsAndIdsAreUnique() {
        StoredCollection c = store.createCollection(StoredCollection.of("shared", "Shared")
                .withDescription("for partners").withReaders(List.of("alice", "group:cert"))
                .withWriters(List.of("alice")).withAnonymousRead(true));
        assertThat(c.readers()).containsExactlyInAnyOrder("alice", "group:cert");
        assertThat(c.writers()).containsExactly("alice");
        assertThat(c.anonymousRead()).isTrue();
        assertThat(store.collection("shared")).contains(c);
        assertThat(store.collections()).extracting(StoredCollection::id).containsExactly("c1", "shared");
        assertThatThrownBy(() -> store.createCollection(StoredCollection.of("shared", "Again")))
                .hasMessageContaining("already exists");
        assertThatThrownBy(() -> store.createCollection(StoredCollection.of("bad/id", "x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rightsCanBeReplacedAfterCreationKeepingTheObjectsAndTheRest() {
        store.createCollection(StoredCollection.of("shared", "Shared").withDescription("for partners")
                .withReaders(List.of("alice")).withWriters(List.of("alice")));
        store.add("shared", List.of(indicator("indicator--" + UUID.randomUUID(), "2020-01-01T00:00:00.000Z")));

        StoredCollection changed = store.setAccess("shared", List.of("group:cert", "bob"), List.of("group:cert"), true);
        assertThat(changed.readers()).containsExactlyInAnyOrder("group:cert", "bob");
        assertThat(changed.writers()).containsExactly("group:cert");
        assertThat(changed.anonymousRead()).isTrue();
        assertThat(changed.title()).isEqualTo("Shared");
        assertThat(changed.description()).isEqualTo("for partners");
        assertThat(store.collection("shared")).contains(changed);
        assertThat(store.count("shared")).isEqualTo(1);

        StoredCollection closed = store.setAccess("shared", List.of(), List.of(), false);
        assertThat(closed.readers()).isEmpty();
        assertThat(closed.writers()).isEmpty();
        assertThat(closed.anonymousRead()).isFalse();

        assertThatThrownBy(() -> store.setAccess("nope", List.of(), List.of(), false))
                .isInstanceOf(NoSuchCollectionException.class);
        assertThatThrownBy(() -> store.setAccess("shared", List.of("group:"), List.of(), false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.collection("shared")).contains(closed);
    }

    @Test
    void versionsWithDifferentPrecisionOfTheSameInstantAreOneVersion() {
        assertThat(Timestamp.parse("2020-01-01T00:00:00Z").instant())
                .isEqualTo(Timestamp.parse("2020-01-01T00:00:00.000000Z").instant());
        assertThat(store.add("c1", List.of(indicator(newId("indicator"), "2020-01-01T00:00:00Z"))).outcomes().get(0)
                .status()).as("STIX 2.1 wants millisecond precision").isEqualTo(Outcome.Status.REFUSED);
        String a = newId("indicator");
        store.add("c1", List.of(indicator(a, "2020-01-01T00:00:00.1000Z")));
        assertThat(store.add("c1", List.of(indicator(a, "2020-01-01T00:00:00.100Z"))).outcomes().get(0).status())
                .isEqualTo(Outcome.Status.DUPLICATE);
        Set<String> versions = new HashSet<>();
        store.versions("c1", a, ObjectQuery.all()).objects().forEach(o -> versions.add(o.version()));
        assertThat(versions).containsExactly("2020-01-01T00:00:00.1000Z");
    }
}
