package org.datong.store;

import org.datong.stix.json.Json;
import org.datong.stix.json.JsonObject;

import java.time.Instant;

/**
 * One stored object version.
 *
 * @param id          the STIX id
 * @param type        the STIX type
 * @param version     the version ({@code modified}, else {@code created}) as written in the object,
 *                    or null for an unversioned object
 * @param specVersion the object's {@code spec_version} ("2.1" when it has none)
 * @param dateAdded   when this version was added to the collection (millisecond precision)
 * @param json        the object's JSON text; null in manifest and version pages
 */
public record StoredObject(String id, String type, String version, String specVersion, Instant dateAdded,
                           String json) {
    /** The object parsed; fails when this entry carries no JSON. */
    public JsonObject parse() {
        if (json == null) {
            throw new IllegalStateException("this entry was read without its JSON");
        }
        return Json.parseObject(json);
    }
}
