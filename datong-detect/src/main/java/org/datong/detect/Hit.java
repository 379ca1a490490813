package org.datong.detect;

import java.time.Instant;

/**
 * One match of an observable in telemetry against an indicator.
 *
 * @param indicatorId the STIX indicator the hit is a sighting of (derived for plain lists)
 * @param entry       the index entry that matched: the value, a CIDR range, or {@code *.domain}
 * @param observed    the value seen, canonical
 * @param time        the event's own time when it has one, else when it was read
 * @param list        the plain list's name when the indicator came from one, else null
 * @param input       the name of the input the event came from
 */
public record Hit(String indicatorId, String entry, Observable observed, Instant time, String list, String input) {
}
