package org.datong.stix;

import java.util.Objects;
import java.util.UUID;

/**
 * A STIX identifier {@code type--UUID} (STIX 2.1 section 2.9).
 *
 * @param type the object type the id names
 * @param uuid the RFC 4122 UUID
 */
public record StixId(String type, UUID uuid) {
    /** Characters in a UUID's text form, 8-4-4-4-12. */
    private static final int UUID_LENGTH = 36;

    public StixId {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(uuid, "uuid");
    }

    /** A new random (version 4) id for the type. */
    public static StixId random(String type) {
        return new StixId(type, UUID.randomUUID());
    }

    /**
     * Parses {@code type--uuid}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static StixId parse(String id) {
        String problem = problem(id);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        int sep = id.lastIndexOf("--");
        return new StixId(id.substring(0, sep), UUID.fromString(id.substring(sep + 2)));
    }

    /** True when the text is a syntactically valid STIX identifier. */
    public static boolean isValid(String id) {
        return id != null && problem(id) == null;
    }

    /** The type part of an identifier, or null when there is no {@code --}. */
    public static String typeOf(String id) {
        if (id == null) {
            return null;
        }
        int sep = id.lastIndexOf("--");
        return sep <= 0 ? null : id.substring(0, sep);
    }

    /** Why the text is not a STIX identifier, or null when it is one. */
    public static String problem(String id) {
        int n = id.length();
        if (n > UUID_LENGTH + 2 && id.charAt(n - UUID_LENGTH - 1) == '-' && id.charAt(n - UUID_LENGTH - 2) == '-'
                && isUuid(id, n - UUID_LENGTH)) {
            // the common case: a non-empty type, "--" and a UUID (which has no "--" in it)
            return null;
        }
        int sep = id.lastIndexOf("--");
        if (sep <= 0) {
            return "'" + id + "' is not an identifier of the form type--UUID";
        }
        String uuid = id.substring(sep + 2);
        if (!isUuid(uuid)) {
            return "'" + id + "' does not end in an RFC 4122 UUID (8-4-4-4-12 hexadecimal digits)";
        }
        return null;
    }

    /** 8-4-4-4-12 hexadecimal digits with an RFC 4122 variant. */
    static boolean isUuid(String s) {
        return s.length() == UUID_LENGTH && isUuid(s, 0);
    }

    /** The UUID test on the 36 characters of {@code s} from {@code from}. */
    private static boolean isUuid(String s, int from) {
        for (int i = 0; i < UUID_LENGTH; i++) {
            char c = s.charAt(from + i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return false;
                }
            } else if (Character.digit(c, 16) < 0) {
                return false;
            }
        }
        // RFC 4122 variant: the first digit of the fourth group is 8, 9, a or b
        int variant = Character.digit(s.charAt(from + 19), 16);
        return variant >= 8 && variant <= 0xb;
    }

    @Override
    public String toString() {
        return type + "--" + uuid;
    }
}
