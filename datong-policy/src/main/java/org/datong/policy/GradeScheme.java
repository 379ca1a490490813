package org.datong.policy;

import java.util.List;
import java.util.Locale;

/**
 * An ordered set of classification grades, lowest first. The default scheme
 * {@value #DEFAULT_NAME} orders {@code general < important < core}.
 *
 * <p>Grades travel on objects as marking-definitions that carry Datong's
 * classification extension {@value #EXTENSION_ID} with the members
 * {@code scheme} and {@code grade}; Datong ships one such marking-definition
 * per default grade, with fixed ids ({@link #markingId(String)}).
 */
public record GradeScheme(String name, List<String> grades) {
    /** Datong's classification-grade extension-definition id (fixed). */
    public static final String EXTENSION_ID = "extension-definition--f045d564-5ca2-42b3-a9b3-1b1b7b56f337";
    public static final String DEFAULT_NAME = "datong";
    public static final String GENERAL = "general";
    public static final String IMPORTANT = "important";
    public static final String CORE = "core";
    /** core > important > general. */
    public static final GradeScheme DEFAULT = new GradeScheme(DEFAULT_NAME, List.of(GENERAL, IMPORTANT, CORE));

    public GradeScheme {
        grades = List.copyOf(grades);
        if (grades.isEmpty()) {
            throw new IllegalArgumentException("a grade scheme needs at least one grade");
        }
        if (grades.stream().distinct().count() != grades.size()) {
            throw new IllegalArgumentException("a grade scheme lists each grade once");
        }
    }

    /** The grade's rank (0 = lowest), or -1 when the scheme has no such grade. */
    public int rank(String grade) {
        return grade == null ? -1 : grades.indexOf(grade.toLowerCase(Locale.ROOT));
    }

    public boolean contains(String grade) {
        return rank(grade) >= 0;
    }

    /** The lowest grade. */
    public String lowest() {
        return grades.get(0);
    }

    /** The higher of two grades of this scheme (null counts as absent). */
    public String max(String a, String b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return rank(a) >= rank(b) ? a : b;
    }

    /** True when grade a ranks above grade b. */
    public boolean above(String a, String b) {
        return rank(a) > rank(b);
    }

    /** A grade of this scheme, normalised to lower case. */
    public String parse(String text) {
        String g = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (!grades.contains(g)) {
            throw new IllegalArgumentException("unknown grade '" + text + "'; expected one of " + String.join(", ", grades));
        }
        return g;
    }

    /** The fixed marking-definition id Datong ships for a default-scheme grade, or null. */
    public static String markingId(String grade) {
        return switch (grade) {
            case GENERAL -> "marking-definition--6970dbe4-095e-48a5-8ca4-9ca9cf3d8df6";
            case IMPORTANT -> "marking-definition--efe4d518-be9c-429e-8509-583d11a5dfc8";
            case CORE -> "marking-definition--44b526f9-edfc-4102-b121-c570f2f322c2";
            default -> null;
        };
    }
}
