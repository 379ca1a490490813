package org.datong.policy;

import java.util.Locale;

/**
 * Traffic Light Protocol levels, ordered from least to most restrictive.
 * TLP 2.0 levels are CLEAR, GREEN, AMBER, AMBER+STRICT and RED; TLP 1.0's
 * WHITE is the same level as CLEAR and TLP 1.0 has no AMBER+STRICT.
 *
 * <p>Each level knows the marking-definition ids OASIS publishes for it
 * (STIX 2.1 section 7.2.1.4 for TLP 1.0; the TLP 2.0 extension-definition
 * {@value #TLP2_EXTENSION_ID} for TLP 2.0). Those ids are fixed: any object
 * that references them is marked with that level, whether or not the
 * marking-definition object itself is present.
 */
public enum Tlp {
    CLEAR("TLP:CLEAR", "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
            "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"),
    GREEN("TLP:GREEN", "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
            "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"),
    AMBER("TLP:AMBER", "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
            "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"),
    AMBER_STRICT("TLP:AMBER+STRICT", null,
            "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"),
    RED("TLP:RED", "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed",
            "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1");

    /** The OASIS extension-definition that carries TLP 2.0 levels. */
    public static final String TLP2_EXTENSION_ID = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

    private final String label;
    private final String tlp1Id;
    private final String tlp2Id;

    Tlp(String label, String tlp1Id, String tlp2Id) {
        this.label = label;
        this.tlp1Id = tlp1Id;
        this.tlp2Id = tlp2Id;
    }

    /** The label as people write it, e.g. {@code TLP:AMBER+STRICT}. */
    public String label() {
        return label;
    }

    /** The TLP 1.0 marking-definition id, or null (AMBER+STRICT has none). */
    public String tlp1Id() {
        return tlp1Id;
    }

    /** The TLP 2.0 marking-definition id. */
    public String tlp2Id() {
        return tlp2Id;
    }

    /** The lower-case word used in JSON and on the command line: clear, green, amber, amber+strict, red. */
    public String word() {
        return this == AMBER_STRICT ? "amber+strict" : name().toLowerCase(Locale.ROOT);
    }

    /** True when this level is more restrictive than the other. */
    public boolean above(Tlp other) {
        return compareTo(other) > 0;
    }

    /** The level of a published marking-definition id (TLP 1.0 or 2.0), or null when it is not one. */
    public static Tlp ofMarkingId(String id) {
        if (id == null) {
            return null;
        }
        for (Tlp t : values()) {
            if (id.equals(t.tlp2Id) || id.equals(t.tlp1Id)) {
                return t;
            }
        }
        return null;
    }

    /**
     * Parses a level word or label: {@code clear}, {@code white} (TLP 1.0),
     * {@code green}, {@code amber}, {@code amber+strict}, {@code red}, with or
     * without a {@code TLP:} prefix, any case.
     *
     * @throws IllegalArgumentException naming the accepted words
     */
    public static Tlp parse(String text) {
        Tlp t = parseOrNull(text);
        if (t == null) {
            throw new IllegalArgumentException("unknown TLP level '" + text
                    + "'; expected one of clear, green, amber, amber+strict, red");
        }
        return t;
    }

    /** Like {@link #parse} but null for an unknown word. */
    public static Tlp parseOrNull(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("tlp:")) {
            s = s.substring(4);
        }
        return switch (s) {
            case "clear", "white" -> CLEAR;
            case "green" -> GREEN;
            case "amber" -> AMBER;
            case "amber+strict", "amber_strict" -> AMBER_STRICT;
            case "red" -> RED;
            default -> null;
        };
    }
}
