package org.datong.store;

import java.util.List;

/**
 * Told about objects after they are committed to a collection: only the
 * versions newly stored (never duplicates), in the order they were added.
 * Called on the writer's thread; keep it quick or hand off. An exception is
 * logged and does not affect the write or other listeners.
 */
@FunctionalInterface
public interface StoreListener {
    void stored(String collectionId, List<StoredObject> objects);
}
