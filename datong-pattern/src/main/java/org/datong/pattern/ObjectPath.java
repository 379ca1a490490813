package org.datong.pattern;

import java.util.List;
import java.util.Objects;

/**
 * An object path (STIX 2.1 section 9.7): an object type and the steps that lead
 * from an object of that type to the compared value. The first step is always
 * a {@link Step.Member}.
 *
 * @param objectType the SCO type, like {@code file}
 * @param steps      property names, list indices and {@code [*]}
 */
public record ObjectPath(String objectType, List<Step> steps) {
    public ObjectPath {
        Objects.requireNonNull(objectType, "objectType");
        steps = List.copyOf(steps);
        if (steps.isEmpty() || !(steps.get(0) instanceof Step.Member)) {
            throw new IllegalArgumentException("an object path starts with a property name");
        }
    }

    /** The first property name, like {@code hashes} in {@code file:hashes.MD5}. */
    public String property() {
        return ((Step.Member) steps.get(0)).name();
    }

    /** The path after the colon in canonical pattern syntax, like {@code hashes.'SHA-256'}. */
    public String propertyPath() {
        StringBuilder sb = new StringBuilder();
        Printer.steps(this, sb);
        return sb.toString();
    }

    @Override
    public String toString() {
        return objectType + ":" + propertyPath();
    }

    /** One step of an object path. */
    public sealed interface Step {
        /** A property or dictionary key. */
        record Member(String name) implements Step {
            public Member {
                Objects.requireNonNull(name, "name");
            }
        }

        /** {@code [n]}: one element of a list. */
        record Index(int index) implements Step {
        }

        /** {@code [*]}: any element of a list. */
        record AnyIndex() implements Step {
        }
    }
}
