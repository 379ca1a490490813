package org.datong.federation;

import org.datong.stix.json.JsonObject;

import java.time.Instant;
import java.util.List;

/** The TAXII 2.1 exchanges the engine makes with one peer. */
interface PeerLink {

    /**
     * One page of a peer's collection.
     *
     * @param objects   the objects, in date-added order
     * @param more      true when more objects follow
     * @param next      the cursor for the next page (null when none)
     * @param lastAdded the X-TAXII-Date-Added-Last header: the date_added of the page's last object; for an
     *                  empty page what the server gives (a Datong node: the point up to which nothing more
     *                  matches), or null when it gives none
     */
    record PullPage(List<JsonObject> objects, boolean more, String next, Instant lastAdded) {
    }

    /**
     * What the peer said about a pushed envelope.
     *
     * @param accepted ids of objects the peer holds now (stored or already held)
     * @param failures the versions it refused, or that could not be sent to it
     */
    record PushResult(List<String> accepted, List<Failure> failures) {
    }

    /**
     * One version the peer refused (its TAXII status lists it among the
     * failures) or that could not be sent to it.
     *
     * @param id      the object's id, as the status gives it
     * @param version the version, as the status gives it (for an object
     *                without created or modified a receiving Datong node gives
     *                the date_added of its copy); null when not stated
     * @param message why
     */
    record Failure(String id, String version, String message) {
        /** A version of an object that could not be sent: its modified, else created, else none. */
        static Failure of(JsonObject o, String message) {
            return new Failure(o.getString("id"), versionOf(o), message);
        }

        /**
         * Whether this is about {@code o}: the same id and, when both state
         * one, the same version (timestamps compared as instants).
         */
        boolean concerns(JsonObject o) {
            if (id == null || !id.equals(o.getString("id"))) {
                return false;
            }
            return SyncEngine.sameVersion(version, versionOf(o));
        }

        /** An object's version: its modified, else created, else null. */
        private static String versionOf(JsonObject o) {
            String modified = o.getString("modified");
            return modified != null ? modified : o.getString("created");
        }

        @Override
        public String toString() {
            return (id == null ? "(an object without id)" : id) + (version == null ? "" : " version " + version)
                    + ": " + message;
        }
    }

    /** Objects added to the collection after {@code addedAfter} (all when null), one page. */
    PullPage pull(String collection, Instant addedAfter, String next, int limit) throws Unavailable;

    /** Posts an envelope to the collection and waits for the final status. */
    PushResult push(String collection, List<JsonObject> objects) throws Unavailable;

    /** The peer could not be reached or did not answer properly; retry later. */
    final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }

        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
