package org.datong.demo;

import org.datong.detect.FieldMapping;
import org.datong.detect.IndicatorIndex;
import org.datong.detect.LogFormat;
import org.datong.detect.Matcher;
import org.datong.detect.StixIndicators;
import org.datong.detect.WarningLists;
import org.datong.federation.NodeIdentity;
import org.datong.node.Node;
import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonString;
import org.datong.store.ObjectQuery;
import org.datong.store.Page;
import org.datong.store.StoredCollection;
import org.datong.store.StoredObject;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The demo's early-warning step: one node matches the indicators it holds
 * (the latest version of each, so revoked ones no longer count) against a
 * log with the detection engine, and turns the hits into sightings it is
 * willing to share (marked TLP:GREEN).
 */
final class Sightings {
    static final String TLP_GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";
    /** Hits of one indicator on one value within this window become one sighting. */
    private static final Duration WINDOW = Duration.ofHours(24);

    private Sightings() {
    }

    /** Returns the sightings (with their observed-data and observables), ready to store. */
    static List<JsonObject> match(Node node, NodeIdentity identity, String log) {
        List<JsonObject> indicators = new ArrayList<>();
        for (StoredCollection c : node.store().collections()) {
            String next = null;
            do {
                Page p = node.store().objects(c.id(), ObjectQuery.all().withTypes(Set.of("indicator")).withNext(next));
                for (StoredObject o : p.objects()) {
                    indicators.add(o.parse());
                }
                next = p.more() ? p.next() : null;
            } while (next != null);
        }
        IndicatorIndex.Builder builder = IndicatorIndex.builder();
        StixIndicators.load(builder, indicators, node.clock().instant());
        List<JsonObject> out = new ArrayList<>();
        org.datong.detect.Sightings sightings = new org.datong.detect.Sightings(node.clock(), identity.id(), WINDOW,
                UUID::randomUUID, e -> {
                    out.add(green(e.sco()));
                    out.add(green(e.observedData()));
                    out.add(green(e.sighting()));
                });
        Matcher matcher = new Matcher(builder.build(), WarningLists.none(), FieldMapping.defaults(), node.clock(),
                sightings::add);
        try {
            matcher.process(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)), LogFormat.JSON,
                    "proxy log", problem -> { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sightings.flushAll();
        return out;
    }

    private static JsonObject green(JsonObject o) {
        return o.with("object_marking_refs", JsonArray.of(new JsonString(TLP_GREEN)));
    }
}
