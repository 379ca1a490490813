package org.datong.policy;

import java.util.Locale;

/**
 * Permissible Actions Protocol levels, from least to most restrictive. STIX
 * has no PAP marking of its own; Datong carries PAP with its own
 * extension-definition {@value #EXTENSION_ID} and ships one marking-definition
 * per level (see {@link Markings#datongBundle()}).
 */
public enum Pap {
    CLEAR("marking-definition--0a5fb10e-f6f3-4b9a-93b8-3e945a6c4fa8"),
    GREEN("marking-definition--be9ce95f-9a14-4c91-b4e9-685b2b5374f6"),
    AMBER("marking-definition--8cc07cb2-518c-48f5-808c-b593eddd0182"),
    RED("marking-definition--3c8e0f55-4a8d-4a3e-9a55-2f9e3f1f7d21");

    /** Datong's PAP extension-definition id (fixed). */
    public static final String EXTENSION_ID = "extension-definition--30bc3489-a39e-4555-bb21-dbeec3bfedc4";

    private final String markingId;

    Pap(String markingId) {
        this.markingId = markingId;
    }

    /** The id of Datong's marking-definition for this level. */
    public String markingId() {
        return markingId;
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String label() {
        return "PAP:" + name();
    }

    /** The level for a word (clear, green, amber, red; any case, optional PAP: prefix), or null. */
    public static Pap parseOrNull(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim().toUpperCase(Locale.ROOT);
        if (s.startsWith("PAP:")) {
            s = s.substring(4);
        }
        for (Pap p : values()) {
            if (p.name().equals(s)) {
                return p;
            }
        }
        return null;
    }
}
