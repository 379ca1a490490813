package org.datong.cli;

import org.datong.stix.StixReader;
import org.datong.stix.json.JsonValue;
import org.datong.store.BatchResult;
import org.datong.store.ObjectStore;
import org.datong.store.Outcome;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Streams STIX bundles (or single objects) of any size into a collection in
 * batches, in bounded memory, and counts what happened. A malformed input
 * stops that input; whatever was read before it stays stored.
 */
final class BundleImporter {
    /** One transaction per this many objects: large enough to amortise the commit, small enough to bound memory. */
    static final int BATCH = 1000;
    /** Distinct refusal reasons kept for the summary; the count covers them all. */
    private static final int MAX_REASONS = 20;

    private final ObjectStore store;
    private final String collection;
    private final LongConsumer progress;
    long stored;
    long duplicates;
    long refused;
    final Map<String, String> reasons = new LinkedHashMap<>();

    BundleImporter(ObjectStore store, String collection, LongConsumer progress) {
        this.store = store;
        this.collection = collection;
        this.progress = progress;
    }

    /**
     * Imports one input.
     *
     * @return null when the input was read to the end, else why it stopped (malformed JSON, with the position)
     */
    String importStream(String name, InputStream in) {
        List<JsonValue> batch = new ArrayList<>(BATCH);
        List<String> paths = new ArrayList<>(BATCH);
        String broken = null;
        try (StixReader reader = StixReader.open(in)) {
            StixReader.Item item;
            while ((item = reader.next()) != null) {
                switch (item) {
                    case StixReader.Element e -> {
                        batch.add(e.value());
                        paths.add(e.path());
                        if (batch.size() == BATCH) {
                            flush(name, batch, paths);
                        }
                    }
                    case StixReader.Broken b -> broken = b.error().getMessage();
                }
            }
        }
        flush(name, batch, paths);
        return broken;
    }

    private void flush(String name, List<JsonValue> batch, List<String> paths) {
        if (batch.isEmpty()) {
            return;
        }
        BatchResult r = store.add(collection, batch);
        for (Outcome o : r.outcomes()) {
            switch (o.status()) {
                case STORED -> stored++;
                case DUPLICATE -> duplicates++;
                case REFUSED -> {
                    refused++;
                    if (reasons.size() < MAX_REASONS) {
                        reasons.put(name + " " + paths.get(o.index()) + (o.id() == null ? "" : " (" + o.id() + ")"),
                                o.reason());
                    }
                }
            }
        }
        progress.accept(stored + duplicates + refused);
        batch.clear();
        paths.clear();
    }

    long total() {
        return stored + duplicates + refused;
    }
}
