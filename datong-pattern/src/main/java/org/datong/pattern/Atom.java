package org.datong.pattern;

import java.util.Objects;

/**
 * One atomic indicator taken from a pattern: an object type, a property path
 * and a value, such as {@code ipv4-addr}, {@code value}, {@code 198.51.100.1}.
 *
 * @param objectType   the SCO type, like {@code file}
 * @param propertyPath the path after the colon in canonical pattern syntax, like {@code value},
 *                     {@code hashes.'SHA-256'} or {@code name}
 * @param value        the constant as text: a string's content, a number's digits, a timestamp's text,
 *                     {@code h'..'} hex digits, {@code b'..'} base64; for {@link AtomKind#IN_CIDR} the block as written
 * @param kind         equality or CIDR containment
 */
public record Atom(String objectType, String propertyPath, String value, AtomKind kind) {
    public Atom {
        Objects.requireNonNull(objectType, "objectType");
        Objects.requireNonNull(propertyPath, "propertyPath");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(kind, "kind");
    }
}
