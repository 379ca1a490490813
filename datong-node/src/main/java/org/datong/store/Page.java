package org.datong.store;

import java.util.List;

/**
 * One page of a query in date-added order.
 *
 * @param objects the entries
 * @param more    true when more entries match after this page
 * @param next    opaque cursor for the next page (null when there is none)
 */
public record Page(List<StoredObject> objects, boolean more, String next) {
    public Page {
        objects = List.copyOf(objects);
    }
}
