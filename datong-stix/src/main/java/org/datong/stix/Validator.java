package org.datong.stix;

import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonValue;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks STIX 2.1 content against the rules of the specification that can be
 * checked on data. Stateless and thread-safe.
 */
public final class Validator {
    private static final Validator STANDARD = new Validator(null);

    private final PatternChecker patterns;

    private Validator(PatternChecker patterns) {
        this.patterns = patterns;
    }

    /** The validator without a pattern checker: STIX patterns are not parsed. */
    public static Validator standard() {
        return STANDARD;
    }

    /**
     * A validator that also checks the syntax of every indicator pattern whose
     * {@code pattern_type} is {@code stix} (rule {@code indicator-pattern-syntax}).
     */
    public Validator withPatternChecker(PatternChecker checker) {
        return new Validator(java.util.Objects.requireNonNull(checker, "checker"));
    }

    /**
     * Checks one top-level object.
     *
     * @param value the value found in the input (usually a JSON object)
     * @param path  its JSON path, used as the prefix of every finding's path
     */
    public List<Finding> validate(JsonValue value, String path) {
        List<Finding> out = new ArrayList<>();
        if (!(value instanceof JsonObject o)) {
            out.add(Finding.error(null, path, "not-an-object",
                    "expected a STIX object but found a JSON " + value.kind(), "2.1"));
            return out;
        }
        String id = o.getString("id");
        String type = o.getString("type");
        if (type == null) {
            out.add(Finding.error(id, path + ".type", "required-property", "the required property 'type' is missing", "3.1"));
        }
        if (id == null) {
            out.add(Finding.error(null, path + ".id", "required-property", "the required property 'id' is missing", "3.1"));
        } else {
            String problem = StixId.problem(id);
            if (problem != null) {
                out.add(Finding.error(id, path + ".id", "identifier-syntax", problem, "2.9"));
            }
        }
        if ("indicator".equals(type) && patterns != null && "stix".equals(o.getString("pattern_type"))
                && o.getString("pattern") != null) {
            patterns.check(o.getString("pattern")).ifPresent(reason -> out.add(Finding.error(id, path + ".pattern",
                    "indicator-pattern-syntax", "the STIX pattern is invalid: " + reason, "9")));
        }
        return out;
    }

    /** Checks the members of a bundle wrapper other than its objects (STIX 2.1 section 8). */
    public List<Finding> validateEnvelope(JsonObject envelope) {
        List<Finding> out = new ArrayList<>();
        String type = envelope.getString("type");
        if (!"bundle".equals(type)) {
            out.add(Finding.error(envelope.getString("id"), "$.type", "bundle-type",
                    "a wrapper with 'objects' must have \"type\": \"bundle\"", "8"));
        }
        return out;
    }
}
