package org.datong.pattern;

import java.util.Set;

/** The reserved words of the patterning language; a property with one of these names must be quoted. */
final class Keywords {
    static final Set<String> RESERVED = Set.of("AND", "OR", "NOT", "FOLLOWEDBY", "LIKE", "MATCHES", "ISSUBSET",
            "ISSUPERSET", "IN", "EXISTS", "WITHIN", "SECONDS", "REPEATS", "TIMES", "START", "STOP", "true", "false");

    private Keywords() {
    }

    static boolean isReserved(String word) {
        return RESERVED.contains(word);
    }
}
