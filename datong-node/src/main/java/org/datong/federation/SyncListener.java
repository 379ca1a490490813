package org.datong.federation;

/** Told about each {@link SyncEvent}, on the engine's threads; keep it quick. */
@FunctionalInterface
public interface SyncListener {
    /** Ignores every event. */
    SyncListener NONE = e -> { };

    void event(SyncEvent event);
}
