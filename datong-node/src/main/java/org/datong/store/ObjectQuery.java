package org.datong.store;

import org.datong.stix.Timestamp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Filters and paging of a query over a collection (the TAXII 2.1 section 3.4
 * filters in domain terms). Empty sets mean "no filter"; all filters are ANDed,
 * the values of one filter ORed.
 *
 * @param addedAfter   only versions added strictly after this instant, or null
 * @param next         opaque cursor from a previous {@link Page#next()}, or null to start at the oldest
 * @param ids          object ids
 * @param types        object types
 * @param versions     which versions of each object
 * @param specVersions spec_version values
 * @param limit        the most entries in the page (positive)
 */
public record ObjectQuery(Instant addedAfter, String next, Set<String> ids, Set<String> types,
                          Versions versions, Set<String> specVersions, int limit) {

    /** Default page size when nobody says otherwise. */
    public static final int DEFAULT_LIMIT = 1000;

    public ObjectQuery {
        ids = Set.copyOf(ids == null ? Set.of() : ids);
        types = Set.copyOf(types == null ? Set.of() : types);
        specVersions = Set.copyOf(specVersions == null ? Set.of() : specVersions);
        versions = versions == null ? Versions.LAST : versions;
        if (limit <= 0) {
            throw new InvalidQueryException("limit must be a positive integer, got " + limit);
        }
    }

    /** Latest versions of everything, from the oldest, {@link #DEFAULT_LIMIT} at a time. */
    public static ObjectQuery all() {
        return new ObjectQuery(null, null, Set.of(), Set.of(), Versions.LAST, Set.of(), DEFAULT_LIMIT);
    }

    public ObjectQuery withNext(String cursor) {
        return new ObjectQuery(addedAfter, cursor, ids, types, versions, specVersions, limit);
    }

    public ObjectQuery withLimit(int n) {
        return new ObjectQuery(addedAfter, next, ids, types, versions, specVersions, n);
    }

    public ObjectQuery withAddedAfter(Instant t) {
        return new ObjectQuery(t, next, ids, types, versions, specVersions, limit);
    }

    public ObjectQuery withIds(Set<String> values) {
        return new ObjectQuery(addedAfter, next, values, types, versions, specVersions, limit);
    }

    public ObjectQuery withTypes(Set<String> values) {
        return new ObjectQuery(addedAfter, next, ids, values, versions, specVersions, limit);
    }

    public ObjectQuery withVersions(Versions v) {
        return new ObjectQuery(addedAfter, next, ids, types, v, specVersions, limit);
    }

    public ObjectQuery withSpecVersions(Set<String> values) {
        return new ObjectQuery(addedAfter, next, ids, types, versions, values, limit);
    }

    /**
     * Which versions of each object match: {@code match[version]} of TAXII 2.1
     * section 3.4.1. Values are ORed.
     *
     * @param all    every version (cannot be combined with others)
     * @param first  the earliest version
     * @param last   the latest version
     * @param exact  specific versions
     */
    public record Versions(boolean all, boolean first, boolean last, List<Timestamp> exact) {
        public static final Versions LAST = new Versions(false, false, true, List.of());
        public static final Versions ALL = new Versions(true, false, false, List.of());

        public Versions {
            exact = List.copyOf(exact);
            if (all && (first || last || !exact.isEmpty())) {
                throw new InvalidQueryException("'all' cannot be combined with other versions");
            }
            if (!all && !first && !last && exact.isEmpty()) {
                throw new InvalidQueryException("no version selected");
            }
        }

        /**
         * Parses the comma-separated TAXII form ({@code last}, {@code first},
         * {@code all}, timestamps).
         *
         * @throws InvalidQueryException on an unknown keyword, a bad timestamp or a repeated value
         */
        public static Versions parse(String csv) {
            boolean all = false;
            boolean first = false;
            boolean last = false;
            List<Timestamp> exact = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            for (String v : csv.split(",", -1)) {
                if (!seen.add(v)) {
                    throw new InvalidQueryException("match[version] repeats '" + v + "'");
                }
                switch (v) {
                    case "all" -> all = true;
                    case "first" -> first = true;
                    case "last" -> last = true;
                    default -> {
                        String problem = v.isEmpty() ? "an empty value" : Timestamp.problem(v);
                        if (problem != null) {
                            throw new InvalidQueryException("match[version]: " + problem
                                    + " (expected all, first, last or a timestamp)");
                        }
                        exact.add(Timestamp.parse(v));
                    }
                }
            }
            return new Versions(all, first, last, exact);
        }
    }
}
