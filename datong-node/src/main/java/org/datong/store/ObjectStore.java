package org.datong.store;

import org.datong.stix.json.JsonValue;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The node's store of STIX objects, grouped in collections, in domain terms.
 *
 * <p>Contract (checked by the store contract tests on SQLite and PostgreSQL):
 * <ul>
 *   <li>Every version of an object is kept; within a collection the pair
 *       (id, version) is unique, where the version is {@code modified}, else
 *       {@code created}, else a single version for unversioned objects.
 *       Adding a version that is already there is a duplicate, not an error,
 *       so re-posting is idempotent.</li>
 *   <li>{@link #add} stores a batch in one durable transaction and reports an
 *       {@link Outcome} per input, in input order. Good objects are stored
 *       even when others in the batch are refused.</li>
 *   <li>Each stored version gets a {@code date_added} and a position in the
 *       collection; both only grow in commit order, so pages read with
 *       {@link Page#next()} never skip or repeat an object while writers add
 *       to the collection.</li>
 *   <li>Listeners ({@link #addListener}) run after commit with the objects
 *       newly stored (never duplicates), in order; a failing listener is
 *       logged and never breaks a write.</li>
 * </ul>
 * Implementations are thread-safe.
 */
public interface ObjectStore {

    /** The SQL store over a migrated database (SQLite or PostgreSQL). */
    static ObjectStore open(Database database, Clock clock) {
        return new SqlObjectStore(database, clock);
    }

    /**
     * Creates a collection.
     *
     * @throws IllegalArgumentException when the id is taken or a field is invalid
     */
    StoredCollection createCollection(StoredCollection collection);

    /**
     * Replaces who may use a collection: its readers, writers (user names or
     * {@code group:NAME}) and whether anyone may read without credentials.
     * Title, description and objects stay; a running node applies the new
     * rights from its next request.
     *
     * @return the collection as it now is
     * @throws NoSuchCollectionException when the collection does not exist
     * @throws IllegalArgumentException  when a user or group name is empty
     */
    StoredCollection setAccess(String collectionId, List<String> readers, List<String> writers, boolean anonymousRead);

    /** All collections, in creation order. */
    List<StoredCollection> collections();

    /** One collection by id. */
    Optional<StoredCollection> collection(String id);

    /**
     * Stores a batch of values (normally STIX objects) into a collection, each
     * accepted or refused on its own, in one transaction.
     *
     * @throws NoSuchCollectionException when the collection does not exist
     */
    default BatchResult add(String collectionId, List<? extends JsonValue> objects) {
        return addInputs(collectionId, objects.stream().map(StixInput::of).toList());
    }

    /**
     * Like {@link #add}, keeping the original JSON text of inputs that carry one.
     *
     * @throws NoSuchCollectionException when the collection does not exist
     */
    BatchResult addInputs(String collectionId, List<StixInput> inputs);

    /**
     * A page of objects (with their JSON) in date-added order.
     *
     * @throws NoSuchCollectionException when the collection does not exist
     * @throws InvalidQueryException     when the cursor is not one this store made
     */
    Page objects(String collectionId, ObjectQuery query);

    /** Like {@link #objects} but without the JSON: the manifest entries. */
    Page manifest(String collectionId, ObjectQuery query);

    /**
     * The versions of one object in date-added order; {@code query}'s id,
     * type and version filters are ignored.
     */
    Page versions(String collectionId, String objectId, ObjectQuery query);

    /**
     * Deletes the versions of one object selected by the query's version and
     * spec_version filters; returns how many versions were deleted.
     */
    int delete(String collectionId, String objectId, ObjectQuery query);

    /** Number of object versions in a collection. */
    long count(String collectionId);

    /**
     * How many versions were added to a collection at or after {@code from},
     * and when the earliest of them was added; counted in the database,
     * without reading the objects.
     *
     * @throws NoSuchCollectionException when the collection does not exist
     */
    Added addedSince(String collectionId, Instant from);

    /**
     * The date_added of the latest committed write to a collection (the
     * epoch when there was none). Every write that has not committed yet
     * gets a later date_added, so no object added at or before this instant
     * can appear later.
     *
     * @throws NoSuchCollectionException when the collection does not exist
     */
    Instant lastAdded(String collectionId);

    /**
     * A number of object versions and the date added of the earliest.
     *
     * @param count how many
     * @param first when the earliest was added, or null when there is none
     */
    record Added(long count, Instant first) {
    }

    /** Registers a listener for newly stored objects. */
    void addListener(StoreListener listener);
}
