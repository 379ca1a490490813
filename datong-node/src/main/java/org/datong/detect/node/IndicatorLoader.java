package org.datong.detect.node;

import org.datong.detect.IndicatorIndex;
import org.datong.detect.Indicators;
import org.datong.detect.StixIndicators;
import org.datong.stix.json.JsonObject;
import org.datong.store.ObjectQuery;
import org.datong.store.ObjectStore;
import org.datong.store.Page;
import org.datong.store.StoredObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Fills an index builder from the places indicators come from (STIX files,
 * plain lists, collections of the node's store) and reports what was skipped
 * and why, so that nothing is dropped silently.
 */
public final class IndicatorLoader {
    /** How many indicators whose pattern can never match are named. */
    private static final int NEVER_MATCH_EXAMPLES = 3;
    private final IndicatorIndex.Builder builder;
    private final Instant now;
    private final Consumer<String> report;

    /**
     * @param builder the index being built (STIX sources must come before plain lists)
     * @param now     the time that decides which indicators are active
     * @param report  receives one line per notable thing (skipped, rejected)
     */
    public IndicatorLoader(IndicatorIndex.Builder builder, Instant now, Consumer<String> report) {
        this.builder = builder;
        this.now = now;
        this.report = report;
    }

    /** Loads STIX indicators from a stream. */
    public StixIndicators.Report stix(InputStream in, String name) {
        StixIndicators.Report r = StixIndicators.load(builder, in, name, now);
        describe(name, r);
        return r;
    }

    /** Loads the active indicators of one collection (latest versions), page by page. */
    public StixIndicators.Report collection(ObjectStore store, String collectionId) {
        List<JsonObject> objects = new ArrayList<>();
        ObjectQuery q = ObjectQuery.all().withTypes(Set.of("indicator"));
        while (true) {
            Page page = store.objects(collectionId, q);
            for (StoredObject o : page.objects()) {
                objects.add(o.parse());
            }
            if (!page.more() || page.next() == null) {
                break;
            }
            q = q.withNext(page.next());
        }
        StixIndicators.Report r = StixIndicators.load(builder, objects, now);
        describe("collection " + collectionId, r);
        return r;
    }

    /** Loads a plain list or CSV; the list is named after the file. */
    public Indicators.LoadReport list(InputStream in, String name) throws IOException {
        String listName = "-".equals(name) ? "stdin" : Path.of(name).getFileName().toString();
        Indicators.LoadReport r = Indicators.loadList(builder, listName, in);
        if (r.rejected() > 0) {
            report.accept("datong: " + name + ": " + r.rejected() + " lines are not indicators and were skipped, e.g.");
            r.examples().forEach(e -> report.accept("  " + e));
        }
        return r;
    }

    private void describe(String name, StixIndicators.Report r) {
        if (r.inactive() > 0 || r.unsupported() > 0) {
            report.accept("datong: " + name + ": skipped " + r.inactive() + " revoked or expired indicators and "
                    + r.unsupported() + " with a pattern type other than stix");
        }
        r.rejected().stream().limit(DetectInputs.QUOTED_PROBLEMS).forEach(why -> report.accept("datong: " + name + ": rejected " + why));
        if (r.rejected().size() > DetectInputs.QUOTED_PROBLEMS) {
            report.accept("datong: " + name + ": " + r.rejected().size() + " indicators rejected in all (first "
                    + DetectInputs.QUOTED_PROBLEMS + " shown)");
        }
        if (!r.neverMatch().isEmpty()) {
            report.accept("datong: " + name + ": " + r.neverMatch().size() + " indicators have a pattern that can never match, e.g.");
            r.neverMatch().stream().limit(NEVER_MATCH_EXAMPLES).forEach(e -> report.accept("  " + e));
        }
    }
}
