package org.datong.stix;

import org.datong.stix.StixTypes.Kind;
import org.datong.stix.StixTypes.Prop;
import org.datong.stix.StixTypes.Shape;
import org.datong.stix.StixTypes.TypeSpec;
import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonBoolean;
import org.datong.stix.json.JsonNumber;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonStream;
import org.datong.stix.json.JsonString;
import org.datong.stix.json.JsonValue;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks STIX 2.1 content against every rule of the specification that can
 * be checked on the data of one object: required, forbidden and reserved
 * properties; property types; identifiers and the types references may point
 * to; timestamps and their order; ranges; closed and open vocabularies;
 * hashes; custom property and type names; extensions; granular marking
 * selectors; {@code lang}; deterministic SCO ids. Every finding names the
 * object, the JSON path, the rule code (docs/VALIDATION.md) and the section.
 *
 * <p>Design: the per-type property tables live in {@link StixTypes}; this
 * class walks an object against its table, then applies the rules that relate
 * several properties. Each object is checked on its own, so a bundle of any
 * size is validated in constant memory; rules that need other objects (does a
 * reference resolve?) are out of scope. Stateless and thread-safe.
 */
public final class Validator {
    private static final Validator STANDARD = new Validator(null);

    /** Names of properties, custom types and extension properties (sections 3.1, 11.1). */
    private static final Pattern PROPERTY_NAME = Pattern.compile("[a-z0-9_]{3,250}");
    private static final Pattern TYPE_NAME = Pattern.compile("[a-z][a-z0-9-]{2,249}");
    private static final Pattern DICTIONARY_KEY = Pattern.compile("[A-Za-z0-9_-]{1,250}");
    private static final Pattern HASH_KEY = Pattern.compile("[A-Za-z0-9_-]{3,250}");
    private static final Pattern CUSTOM_EXTENSION_NAME = Pattern.compile("[a-z0-9-]{3,250}");
    private static final Pattern RELATIONSHIP_TYPE = Pattern.compile("[a-z0-9-]+");
    /** RFC 5646 language tags, simplified: a primary subtag then alphanumeric subtags. */
    private static final Pattern LANGUAGE_TAG = Pattern.compile("(?:[A-Za-z]{2,8}|[xXiI])(?:-[A-Za-z0-9]{1,8})*");
    private static final Pattern HEX = Pattern.compile("(?:[0-9a-f]{2})*");
    private static final Pattern SELECTOR_INDEX = Pattern.compile("\\[(\\d{1,9})]");
    private static final Pattern SSDEEP = Pattern.compile("\\d+:[A-Za-z0-9/+]+:[A-Za-z0-9/+]+(?:,\"?.*\"?)?");
    private static final Pattern TLSH = Pattern.compile("(?:T1)?[0-9A-Fa-f]{70}");
    private static final Pattern CAPEC_ID = Pattern.compile("CAPEC-\\d+");
    private static final Pattern CVE_ID = Pattern.compile("CVE-\\d{4}-\\d{4,}");
    /** Hex digits of each hash algorithm of section 10.7 whose values have a fixed length. */
    private static final Map<String, Integer> HASH_HEX_LENGTH = Map.of("MD5", 32, "SHA-1", 40, "SHA-256", 64,
            "SHA-512", 128, "SHA3-256", 64, "SHA3-512", 128);
    /** Version digit of a random UUID (RFC 4122 section 4.4). */
    private static final int UUID_VERSION_4 = 4;
    /** Largest integer an IEEE 754 double (and so RFC 8785) represents exactly. */
    private static final double MAX_EXACT_INTEGER = 9007199254740992.0;

    /** The TLP 1.0 marking definitions of section 7.2.1.4, by level. */
    private static final Map<String, String> TLP1_IDS = Map.of(
            "white", "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
            "green", "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
            "amber", "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
            "red", "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed");
    /** The extension definition TLP 2.0 markings use (FIRST TLP 2.0 in STIX). */
    static final String TLP2_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";
    private static final Set<String> TLP2_LEVELS = Set.of("clear", "green", "amber", "amber+strict", "red");

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
        return new Validator(Objects.requireNonNull(checker, "checker"));
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
        new Check(o, Loc.root(path), out).run();
        return out;
    }

    /** Checks the members of a bundle wrapper other than its objects (STIX 2.1 section 8). */
    public List<Finding> validateEnvelope(JsonObject envelope) {
        List<Finding> out = new ArrayList<>();
        String id = envelope.getString("id");
        JsonValue type = envelope.get("type");
        if (!(type instanceof JsonString s) || !"bundle".equals(s.value())) {
            out.add(Finding.error(id, "$.type", "bundle-type",
                    type == null ? "a wrapper with 'objects' must have \"type\": \"bundle\""
                            : "a wrapper with 'objects' must have \"type\": \"bundle\", not " + type, "8"));
        }
        if (envelope.get("id") == null) {
            out.add(Finding.error(null, "$.id", "required-property", "the required property 'id' is missing", "8.1"));
        } else if (id == null || StixId.problem(id) != null) {
            out.add(Finding.error(id, "$.id", "identifier-syntax", id == null ? "'id' must be a string"
                    : StixId.problem(id), "2.9"));
        } else if (!"bundle".equals(StixId.typeOf(id))) {
            out.add(Finding.error(id, "$.id", "identifier-type", "a bundle id must start with 'bundle--'", "8.1"));
        }
        JsonValue sv = envelope.get("spec_version");
        if (sv != null) {
            String v = sv.asString();
            if (v != null && !"2.1".equals(v)) {
                out.add(Finding.error(id, "$.spec_version", "spec-version", "the bundle declares STIX " + v
                        + " content; STIX 2.1 bundles have no spec_version and their objects declare 2.1", "8.1"));
            } else {
                out.add(Finding.warning(id, "$.spec_version", "not-applicable-property",
                        "STIX 2.1 bundles have no 'spec_version' property (it was part of STIX 2.0)", "8.1"));
            }
        }
        return out;
    }

    /** One object being checked; collects findings. */
    private final class Check {
        private final JsonObject o;
        private final Loc base;
        private final List<Finding> out;
        private final String id;
        private String type;

        Check(JsonObject o, Loc base, List<Finding> out) {
            this.o = o;
            this.base = base;
            this.out = out;
            this.id = o.getString("id");
        }

        void error(Loc path, String rule, String message, String section) {
            out.add(Finding.error(id, path.toString(), rule, message, section));
        }

        void warning(Loc path, String rule, String message, String section) {
            out.add(Finding.warning(id, path.toString(), rule, message, section));
        }

        Loc at(String property) {
            return base.key(property);
        }

        Loc at(Loc path, String key) {
            return path.key(key);
        }

        void run() {
            JsonValue typeValue = o.get("type");
            if (typeValue == null) {
                error(at("type"), "required-property", "the required property 'type' is missing"
                        + (o.has("objects") ? "" : "; this does not look like STIX content"), "3.2");
            } else if (!(typeValue instanceof JsonString ts)) {
                error(at("type"), "property-type", "'type' must be a string, not a " + typeValue.kind(), "3.2");
            } else {
                type = ts.value();
            }
            TypeSpec spec = type == null ? null : StixTypes.get(type);
            if (type != null && spec == null) {
                if ("bundle".equals(type)) {
                    error(at("type"), "nested-bundle", "a bundle cannot appear as an object", "8");
                    return;
                }
                checkCustomTypeName();
            }
            checkId(spec);
            numbers(o, base);
            if (spec != null) {
                checkShape(spec.shape(), o, base, true, spec);
            } else {
                checkCustomObject();
            }
            checkCommon(spec);
            if (spec != null) {
                checkTypeRules(spec);
            }
            checkExtensions(spec);
            checkGranularMarkings();
        }

        // ---- identity ----

        private void checkCustomTypeName() {
            if (!TYPE_NAME.matcher(type).matches() || type.contains("--")) {
                error(at("type"), "custom-type-name", "'" + type + "' is neither a STIX 2.1 type nor a valid custom "
                        + "type name (3-250 characters a-z, 0-9 and single hyphens, starting with a letter)", "11.2.1");
            }
        }

        private void checkId(TypeSpec spec) {
            JsonValue idValue = o.get("id");
            if (idValue == null) {
                error(at("id"), "required-property", "the required property 'id' is missing", "3.2");
                return;
            }
            if (!(idValue instanceof JsonString)) {
                error(at("id"), "property-type", "'id' must be a string, not a " + idValue.kind(), "2.9");
                return;
            }
            String problem = StixId.problem(id);
            if (problem != null) {
                error(at("id"), "identifier-syntax", problem, "2.9");
            } else if (type != null && !type.equals(StixId.typeOf(id))) {
                error(at("id"), "identifier-type", "the id names type '" + StixId.typeOf(id)
                        + "' but the object is a '" + type + "'", "2.9");
            } else if (spec != null && spec.category() == Category.SCO) {
                checkScoId();
            } else if (spec != null && !id.startsWith("marking-definition--")
                    && UUID_VERSION_4 != Character.digit(id.charAt(id.length() - 22), 16)) {
                // the version is the first digit of the UUID's third group; TLP and other marking
                // definitions published by standards bodies use fixed ids, so markings are left alone
                warning(at("id"), "identifier-version", "domain, relationship and meta objects should use a "
                        + "random (version 4) UUID", "2.9");
            }
        }

        private void checkScoId() {
            Optional<String> expected;
            try {
                expected = ScoIds.deterministic(o);
            } catch (RuntimeException e) {
                return; // a value canonical JSON cannot represent; reported as number-range
            }
            if (expected.isPresent() && !expected.get().equals(id)) {
                warning(at("id"), "sco-id-deterministic", "the id differs from the deterministic id "
                        + expected.get() + " computed from the ID Contributing Properties", "2.9");
            }
        }

        // ---- generic walk ----

        /**
         * Checks an object or nested value against a shape: required, types,
         * unknown members. {@code topLevel} objects also get the custom
         * property rules.
         */
        private void checkShape(Shape shape, JsonObject value, Loc path, boolean topLevel, TypeSpec spec) {
            for (int i = 0; i < value.size(); i++) {
                String name = value.keyAt(i);
                JsonValue v = value.valueAt(i);
                Loc p = at(path, name);
                Prop prop = shape.prop(name);
                if (prop != null) {
                    if (!(topLevel && ("type".equals(name) || "id".equals(name)))) {
                        checkValue(prop.kind(), v, p, name, shape.section());
                    }
                } else if (topLevel && spec != null && StixTypes.COMMON.contains(name)
                        && spec.notApplicable().contains(name)) {
                    notApplicable(name, p, spec);
                } else {
                    unknownProperty(name, v, p, shape, topLevel);
                }
            }
            for (Prop prop : shape.props().values()) {
                if (prop.required() && !value.has(prop.name()) && !(topLevel && "type".equals(prop.name()))
                        && !(topLevel && "id".equals(prop.name()))) {
                    String hint = "";
                    if (topLevel && "spec_version".equals(prop.name())) {
                        hint = " (STIX 2.0 content has none; this object is not STIX 2.1)";
                    }
                    error(at(path, prop.name()), "required-property", "the required property '" + prop.name()
                            + "' of " + shape.name() + " is missing" + hint, shape.section());
                }
            }
            if (!shape.atLeastOneOf().isEmpty()
                    && shape.atLeastOneOf().stream().noneMatch(value::has)) {
                error(path, "at-least-one", shape.name() + " must have at least one of "
                        + String.join(", ", shape.atLeastOneOf()), shape.section());
            }
        }

        private void notApplicable(String name, Loc path, TypeSpec spec) {
            if ("defanged".equals(name)) {
                error(path, "not-applicable-property", "'defanged' must not be used on objects other than SCOs",
                        "3.2");
            } else if (spec.category() == Category.SCO || "marking-definition".equals(spec.type())) {
                error(path, "not-applicable-property", "'" + name + "' is not a property of " + spec.type()
                        + (spec.category() == Category.SCO ? " (SCOs are not versioned and have no creator)"
                        : " (marking definitions cannot be versioned)"), spec.section());
            } else {
                warning(path, "not-applicable-property", "'" + name + "' is not used by " + spec.type(),
                        spec.section());
            }
        }

        private void unknownProperty(String name, JsonValue v, Loc path, Shape shape, boolean topLevel) {
            if (StixTypes.RESERVED.contains(name)) {
                error(path, "reserved-property", "'" + name + "' is a reserved property name and must not be used",
                        "3.8");
                return;
            }
            if (!PROPERTY_NAME.matcher(name).matches()) {
                error(path, "custom-property-name", "custom property name '" + name + "' must be 3-250 characters"
                        + " of a-z, 0-9 and underscore", "11.1.1");
                return;
            }
            if (topLevel && !name.startsWith("x_") && !hasToplevelPropertyExtension()) {
                warning(path, "custom-property-prefix", "'" + name + "' is not a property of " + shape.name()
                        + "; custom properties should start with 'x_' (or be declared by a top-level property "
                        + "extension)", "11.1.1");
            }
            checkCustomSuffix(name, v, path);
        }

        /**
         * Section 3.1 names suffixes for references, binary and hex values; a
         * custom property carrying such a suffix but another kind of value is
         * most likely a mistake, though the rule binds only the other way.
         */
        private void checkCustomSuffix(String name, JsonValue v, Loc path) {
            String expected = null;
            if (name.endsWith("_ref")) {
                expected = v instanceof JsonString s && StixId.isValid(s.value()) ? null : "an identifier";
            } else if (name.endsWith("_refs")) {
                expected = v instanceof JsonArray a && !a.isEmpty() && a.stream().allMatch(x -> x instanceof JsonString s
                        && StixId.isValid(s.value())) ? null : "a non-empty list of identifiers";
            } else if (name.endsWith("_hex")) {
                expected = v instanceof JsonString s && HEX.matcher(s.value()).matches() ? null : "lower-case hex";
            } else if (name.endsWith("_bin")) {
                expected = v instanceof JsonString s && isBase64(s.value()) ? null : "base64";
            }
            if (expected != null) {
                warning(path, "custom-property-suffix", "custom property '" + name + "' has a suffix that "
                        + "announces " + expected + ", but its value is not", "3.1");
            }
        }

        private boolean hasToplevelPropertyExtension() {
            JsonObject ext = o.getObject("extensions");
            if (ext == null) {
                return false;
            }
            for (int i = 0; i < ext.size(); i++) {
                if (ext.valueAt(i) instanceof JsonObject e
                        && "toplevel-property-extension".equals(e.getString("extension_type"))) {
                    return true;
                }
            }
            return false;
        }

        private void checkValue(Kind kind, JsonValue v, Loc path, String name, String section) {
            switch (kind) {
                case StixTypes.Str s -> {
                    if (!(v instanceof JsonString)) {
                        typeError(path, name, "a string", v, section);
                    }
                }
                case StixTypes.Bool b -> {
                    if (!(v instanceof JsonBoolean)) {
                        typeError(path, name, "a boolean", v, section);
                    }
                }
                case StixTypes.Int range -> checkInteger(range, v, path, name, section);
                case StixTypes.Flt range -> checkFloat(range, v, path, name, section);
                case StixTypes.Ts t -> {
                    if (!(v instanceof JsonString s)) {
                        typeError(path, name, "a timestamp string", v, section);
                    } else {
                        String problem = Timestamp.problem(s.value());
                        if (problem != null) {
                            error(path, "timestamp-syntax", problem, "2.16");
                        }
                    }
                }
                case StixTypes.Hex h -> {
                    if (!(v instanceof JsonString s)) {
                        typeError(path, name, "a hex string", v, section);
                    } else if (!HEX.matcher(s.value()).matches()) {
                        error(path, "hex-syntax", "'" + abbreviate(s.value()) + "' is not an even number of "
                                + "lower-case hexadecimal digits", "2.8");
                    }
                }
                case StixTypes.Bin b -> {
                    if (!(v instanceof JsonString s)) {
                        typeError(path, name, "a base64 string", v, section);
                    } else if (!isBase64(s.value())) {
                        error(path, "binary-syntax", "the value is not valid base64 (RFC 4648)", "2.1");
                    }
                }
                case StixTypes.Hashes h -> checkHashes(v, path, name, section);
                case StixTypes.Dict d -> checkDictionary(d, v, path, name, section);
                case StixTypes.Any a -> {
                }
                case StixTypes.Ref r -> checkRef(r, v, path, name, section);
                case StixTypes.Vocab voc -> checkVocabulary(voc, v, path, name, section);
                case StixTypes.ListOf list -> {
                    if (!(v instanceof JsonArray a)) {
                        typeError(path, name, "a list", v, section);
                    } else if (a.isEmpty()) {
                        error(path, "empty-list", "'" + name + "' is an empty list; omit the property instead",
                                "2.12");
                    } else {
                        for (int i = 0; i < a.size(); i++) {
                            checkValue(list.item(), a.get(i), path.index(i), name, section);
                        }
                    }
                }
                case StixTypes.Nested n -> {
                    if (!(v instanceof JsonObject no)) {
                        typeError(path, name, "a " + n.shape().name() + " object", v, section);
                    } else {
                        checkShape(n.shape(), no, path, false, null);
                        checkNestedRules(n.shape(), no, path);
                    }
                }
            }
        }

        private void typeError(Loc path, String name, String expected, JsonValue v, String section) {
            error(path, "property-type", "'" + name + "' must be " + expected + ", not a " + v.kind(), section);
        }

        private void checkInteger(StixTypes.Int range, JsonValue v, Loc path, String name, String section) {
            if (!(v instanceof JsonNumber n)) {
                typeError(path, name, "an integer", v, section);
                return;
            }
            if (!n.fitsLong()) {
                error(path, "property-type", "'" + name + "' must be an integer, not " + abbreviate(n.text()),
                        "2.10");
                return;
            }
            long x = n.longValue();
            if (x < range.min() || x > range.max()) {
                error(path, "value-range", "'" + name + "' is " + x + " but must be between " + range.min()
                        + " and " + range.max(), section);
            }
        }

        private void checkFloat(StixTypes.Flt range, JsonValue v, Loc path, String name, String section) {
            if (!(v instanceof JsonNumber n)) {
                typeError(path, name, "a number", v, section);
                return;
            }
            double d = n.doubleValue();
            if (Double.isFinite(d) && (d < range.min() || d > range.max())) {
                error(path, "value-range", "'" + name + "' is " + n.text() + " but must be between "
                        + range.min() + " and " + range.max(), section);
            }
        }

        private void checkRef(StixTypes.Ref r, JsonValue v, Loc path, String name, String section) {
            if (!(v instanceof JsonString s)) {
                typeError(path, name, "an identifier string", v, section);
                return;
            }
            String problem = StixId.problem(s.value());
            if (problem != null) {
                error(path, "identifier-syntax", problem, "2.9");
                return;
            }
            String target = StixId.typeOf(s.value());
            if (!r.allowed().test(target)) {
                error(path, "reference-type", "'" + name + "' must reference " + r.expected() + ", not a "
                        + target, section);
            }
        }

        private void checkVocabulary(StixTypes.Vocab voc, JsonValue v, Loc path, String name, String section) {
            if (!(v instanceof JsonString s)) {
                typeError(path, name, "a string", v, section);
                return;
            }
            Vocabularies.Vocabulary vocabulary = Vocabularies.get(voc.name());
            if (vocabulary.values().contains(s.value())) {
                return;
            }
            if (vocabulary.open()) {
                warning(path, "open-vocabulary", "'" + abbreviate(s.value()) + "' is not in the " + voc.name()
                        + " vocabulary", vocabulary.section());
            } else {
                error(path, "closed-vocabulary", "'" + abbreviate(s.value()) + "' is not one of the values of "
                        + voc.name() + ": " + String.join(", ", new java.util.TreeSet<>(vocabulary.values())),
                        vocabulary.section());
            }
        }

        private void checkDictionary(StixTypes.Dict d, JsonValue v, Loc path, String name, String section) {
            if (!(v instanceof JsonObject dict)) {
                typeError(path, name, "a dictionary (JSON object)", v, section);
                return;
            }
            if (dict.isEmpty()) {
                error(path, "empty-dictionary", "'" + name + "' is an empty dictionary; omit the property instead",
                        "2.3");
                return;
            }
            if ("extensions".equals(name)) {
                return; // keys are extension names or ids, checked with the extensions
            }
            for (int i = 0; i < dict.size(); i++) {
                String key = dict.keyAt(i);
                Loc p = at(path, key);
                if (!DICTIONARY_KEY.matcher(key).matches()) {
                    error(p, "dictionary-key", "dictionary key '" + abbreviate(key) + "' must be 1-250 ASCII "
                            + "letters, digits, hyphens or underscores", "2.3");
                }
                if (d.values() != null) {
                    checkValue(d.values(), dict.valueAt(i), p, key, section);
                }
            }
        }

        private void checkHashes(JsonValue v, Loc path, String name, String section) {
            if (!(v instanceof JsonObject hashes)) {
                typeError(path, name, "a hashes dictionary", v, section);
                return;
            }
            if (hashes.isEmpty()) {
                error(path, "empty-dictionary", "'" + name + "' is empty; omit the property instead", "2.7");
                return;
            }
            Vocabularies.Vocabulary algorithms = Vocabularies.get("hash-algorithm-ov");
            for (int i = 0; i < hashes.size(); i++) {
                String algorithm = hashes.keyAt(i);
                JsonValue hv = hashes.valueAt(i);
                Loc p = at(path, algorithm);
                if (!HASH_KEY.matcher(algorithm).matches()) {
                    error(p, "hash-algorithm", "hash algorithm name '" + abbreviate(algorithm) + "' must be 3-250 "
                            + "ASCII letters, digits, hyphens or underscores", "2.7");
                    continue;
                }
                if (!(hv instanceof JsonString hs)) {
                    typeError(p, algorithm, "a string", hv, "2.7");
                    continue;
                }
                if (!algorithms.values().contains(algorithm)) {
                    String suggestion = algorithms.values().stream().filter(a -> a.equalsIgnoreCase(algorithm)
                            || a.replace("-", "").equalsIgnoreCase(algorithm.replace("-", "").replace("_", "")))
                            .findFirst().orElse(null);
                    warning(p, "hash-algorithm", "'" + algorithm + "' is not in the hash-algorithm-ov vocabulary"
                            + (suggestion == null ? "" : "; the specification spells it '" + suggestion + "'"), "2.7");
                    continue;
                }
                String value = hs.value();
                Integer hexLength = HASH_HEX_LENGTH.get(algorithm);
                boolean ok;
                if (hexLength != null) {
                    ok = value.length() == hexLength && isHexIgnoringCase(value);
                } else if ("SSDEEP".equals(algorithm)) {
                    ok = SSDEEP.matcher(value).matches();
                } else {
                    ok = TLSH.matcher(value).matches();
                }
                if (!ok) {
                    error(p, "hash-value", "'" + abbreviate(value) + "' is not a valid " + algorithm + " value"
                            + (hexLength == null ? "" : " (" + hexLength + " hexadecimal digits)"), "2.7");
                }
            }
        }

        /** Numbers JSON can carry but STIX (an IEEE double, RFC 8785) cannot. */
        private void numbers(JsonValue v, Loc path) {
            switch (v) {
                case JsonObject obj -> {
                    for (int i = 0; i < obj.size(); i++) {
                        numbers(obj.valueAt(i), at(path, obj.keyAt(i)));
                    }
                }
                case JsonArray a -> {
                    for (int i = 0; i < a.size(); i++) {
                        numbers(a.get(i), path.index(i));
                    }
                }
                case JsonNumber n -> {
                    String text = n.text();
                    if (text.length() < 16 && n.isIntegralSyntax()) {
                        return;
                    }
                    double d = n.doubleValue();
                    if (!Double.isFinite(d)) {
                        error(path, "number-range", "the number " + abbreviate(text) + " is outside the range of "
                                + "a double-precision number, which STIX JSON numbers must fit (RFC 8259, RFC 8785)",
                                "2.6");
                    } else if (n.isIntegralSyntax() && Math.abs(d) > MAX_EXACT_INTEGER) {
                        warning(path, "number-precision", "the integer " + abbreviate(text) + " is beyond 2^53 and "
                                + "cannot be represented exactly by other implementations", "2.10");
                    }
                }
                default -> {
                }
            }
        }

        // ---- common properties ----

        private void checkCommon(TypeSpec spec) {
            Category category = spec == null ? Category.CUSTOM : spec.category();
            JsonValue sv = o.get("spec_version");
            if (sv instanceof JsonString s && !"2.1".equals(s.value())) {
                error(at("spec_version"), "spec-version", "spec_version is '" + abbreviate(s.value())
                        + "'; STIX 2.1 objects must say \"2.1\"", "3.2");
            }
            Timestamp created = timestamp("created");
            Timestamp modified = timestamp("modified");
            if (category != Category.SCO) {
                checkPrecision("created", created);
                checkPrecision("modified", modified);
            }
            if (created != null && modified != null && modified.isBefore(created)) {
                error(at("modified"), "modified-before-created", "modified (" + modified + ") is earlier than "
                        + "created (" + created + ")", "3.2");
            }
            String lang = o.getString("lang");
            if (lang != null && !LANGUAGE_TAG.matcher(lang).matches()) {
                error(at("lang"), "lang", "'" + abbreviate(lang) + "' is not an RFC 5646 language tag", "3.2");
            }
            JsonArray markings = o.getArray("object_marking_refs");
            if (markings != null && id != null && markings.contains(new JsonString(id))) {
                error(at("object_marking_refs"), "marking-self-reference", "a marking definition must not mark "
                        + "itself", "3.2");
            }
            JsonArray refs = o.getArray("external_references");
            if (refs != null) {
                for (int i = 0; i < refs.size(); i++) {
                    if (refs.get(i) instanceof JsonObject ref) {
                        checkExternalReference(ref, at("external_references").index(i));
                    }
                }
            }
        }

        private void checkPrecision(String property, Timestamp t) {
            if (t != null && t.fractionDigits() < 3) {
                error(at(property), "timestamp-precision", "'" + property + "' must have at least millisecond "
                        + "precision (three digits after the seconds), like " + withMillis(t.text()), "3.2");
            }
        }

        private static String withMillis(String text) {
            String core = text.substring(0, 19);
            String frac = text.length() > 20 ? text.substring(20, text.length() - 1) : "";
            return core + "." + (frac + "000").substring(0, 3) + "Z";
        }

        private void checkExternalReference(JsonObject ref, Loc path) {
            if (!ref.has("description") && !ref.has("url") && !ref.has("external_id")) {
                error(path, "external-reference", "an external reference needs at least one of description, url "
                        + "or external_id besides source_name", "2.5.2");
            }
            String source = ref.getString("source_name");
            String externalId = ref.getString("external_id");
            if ("capec".equals(source) && externalId != null && !CAPEC_ID.matcher(externalId).matches()) {
                error(at(path, "external_id"), "external-reference", "a CAPEC external_id must look like "
                        + "CAPEC-[id], not '" + abbreviate(externalId) + "'", "4.1");
            }
            if ("cve".equals(source) && externalId != null && !CVE_ID.matcher(externalId).matches()) {
                error(at(path, "external_id"), "external-reference", "a CVE external_id must be the exact CVE "
                        + "identifier, not '" + abbreviate(externalId) + "'", "4.19");
            }
        }

        private Timestamp timestamp(String property) {
            return Timestamp.parseOrNull(o.getString(property));
        }

        private void order(String earlier, String later, boolean strict, String section) {
            Timestamp a = timestamp(earlier);
            Timestamp b = timestamp(later);
            if (a == null || b == null) {
                return;
            }
            if (strict ? !b.isAfter(a) : b.isBefore(a)) {
                error(at(later), "timestamp-order", "'" + later + "' (" + b + ") must be "
                        + (strict ? "later than" : "later than or equal to") + " '" + earlier + "' (" + a + ")",
                        section);
            }
        }

        // ---- per-type rules ----

        private void checkTypeRules(TypeSpec spec) {
            switch (spec.type()) {
                case "indicator" -> {
                    order("valid_from", "valid_until", true, "4.7.1");
                    checkPattern();
                }
                case "campaign", "intrusion-set", "threat-actor" ->
                        order("first_seen", "last_seen", false, spec.section() + ".1");
                case "infrastructure" -> order("first_seen", "last_seen", false, "4.8.1");
                case "malware" -> {
                    order("first_seen", "last_seen", false, "4.11.1");
                    if (o.getBoolean("is_family", false) && !o.has("name")) {
                        error(at("name"), "malware-family-name", "a malware family (is_family true) must have a "
                                + "name", "4.11.1");
                    }
                }
                case "malware-analysis" -> {
                    if (!o.has("result") && !o.has("analysis_sco_refs")) {
                        error(base, "at-least-one", "malware-analysis must have result or analysis_sco_refs",
                                "4.12");
                    }
                    order("analysis_started", "analysis_ended", false, "4.12.1");
                }
                case "observed-data" -> checkObservedData();
                case "relationship" -> {
                    order("start_time", "stop_time", true, "5.1.2");
                    String rt = o.getString("relationship_type");
                    if (rt != null && !RELATIONSHIP_TYPE.matcher(rt).matches()) {
                        error(at("relationship_type"), "relationship-type", "relationship_type '" + abbreviate(rt)
                                + "' may only contain a-z, 0-9 and hyphens", "5.1.2");
                    }
                }
                case "sighting" -> order("first_seen", "last_seen", false, "5.2.1");
                case "location" -> checkLocation();
                case "artifact" -> {
                    boolean payload = o.has("payload_bin");
                    boolean url = o.has("url");
                    if (payload == url) {
                        error(base, "artifact-content", payload ? "an artifact must not have both payload_bin "
                                + "and url" : "an artifact must have one of payload_bin or url", "6.1");
                    }
                    if (o.has("decryption_key") && !o.has("encryption_algorithm")) {
                        error(at("decryption_key"), "dependent-property", "decryption_key must not be present "
                                + "without encryption_algorithm", "6.1.1");
                    }
                }
                case "network-traffic" -> {
                    order("start", "end", false, "6.12.1");
                    if (o.getBoolean("is_active", false) && o.has("end")) {
                        error(at("end"), "dependent-property", "'end' must not be present when is_active is true",
                                "6.12.1");
                    }
                }
                case "file" -> encoding("name", "name_enc");
                case "directory" -> encoding("path", "path_enc");
                case "marking-definition" -> checkMarkingDefinition();
                case "extension-definition" -> {
                    List<String> types = o.getStrings("extension_types");
                    if (o.has("extension_properties") && !types.contains("toplevel-property-extension")) {
                        error(at("extension_properties"), "dependent-property", "extension_properties may only be "
                                + "used when extension_types includes toplevel-property-extension", "7.3.1");
                    }
                }
                case "language-content" -> {
                    JsonObject contents = o.getObject("contents");
                    if (contents != null) {
                        for (String lang : contents.keys()) {
                            if (!LANGUAGE_TAG.matcher(lang).matches()) {
                                error(at(at("contents"), lang), "lang", "'" + abbreviate(lang)
                                        + "' is not an RFC 5646 language tag", "7.1.1");
                            }
                        }
                    }
                }
                default -> {
                }
            }
        }

        private void encoding(String property, String encodingProperty) {
            if (o.has(encodingProperty) && !o.has(property)) {
                error(at(encodingProperty), "dependent-property", "'" + encodingProperty + "' must not be present "
                        + "without '" + property + "'", "3.1");
            }
        }

        private void checkPattern() {
            String pattern = o.getString("pattern");
            if (patterns != null && pattern != null && "stix".equals(o.getString("pattern_type"))) {
                patterns.check(pattern).ifPresent(reason -> error(at("pattern"), "indicator-pattern-syntax",
                        "the STIX pattern is invalid: " + reason, "9"));
            }
        }

        private void checkObservedData() {
            order("first_observed", "last_observed", false, "4.14.1");
            boolean objects = o.has("objects");
            boolean refs = o.has("object_refs");
            if (objects == refs) {
                error(base, "observed-data-content", objects ? "observed-data must not have both objects "
                        + "(deprecated) and object_refs" : "observed-data must have object_refs (or the deprecated "
                        + "objects)", "4.14.1");
            }
            if (refs && o.getArray("object_refs") != null && !o.getArray("object_refs").isEmpty()) {
                boolean anySco = o.getStrings("object_refs").stream().map(StixId::typeOf)
                        .anyMatch(t -> Category.of(t) == Category.SCO || Category.of(t) == Category.CUSTOM);
                if (!anySco) {
                    error(at("object_refs"), "observed-data-content", "object_refs must contain at least one SCO "
                            + "reference", "4.14.1");
                }
            }
        }

        private void checkLocation() {
            boolean lat = o.has("latitude");
            boolean lon = o.has("longitude");
            if (lat != lon) {
                error(at(lat ? "longitude" : "latitude"), "dependent-property", "latitude and longitude must be "
                        + "given together", "4.10.1");
            }
            if (o.has("precision") && !(lat && lon)) {
                error(at("precision"), "dependent-property", "precision needs latitude and longitude", "4.10.1");
            }
            if (!o.has("region") && !o.has("country") && !(lat && lon)) {
                error(base, "at-least-one", "a location must have region, country, or latitude and longitude",
                        "4.10");
            }
        }

        private void checkMarkingDefinition() {
            String definitionType = o.getString("definition_type");
            JsonObject definition = o.getObject("definition");
            if (!o.has("extensions") && (definitionType == null || definition == null)) {
                error(base, "marking-definition", "a marking definition without extensions must have "
                        + "definition_type and definition", "7.2.1");
            }
            if (definitionType != null && definition != null) {
                switch (definitionType) {
                    case "tlp" -> {
                        checkShape(StixTypes.TLP, definition, at("definition"), false, null);
                        String level = definition.getString("tlp");
                        if (level != null) {
                            String expected = TLP1_IDS.get(level);
                            if (expected == null) {
                                error(at(at("definition"), "tlp"), "tlp-marking", "TLP 1.0 levels are white, "
                                        + "green, amber and red, not '" + abbreviate(level) + "'", "7.2.1.4");
                            } else if (id != null && !expected.equals(id)) {
                                error(at("id"), "tlp-marking", "the TLP:" + level.toUpperCase(java.util.Locale.ROOT)
                                        + " marking definition must be the standard one, " + expected, "7.2.1.4");
                            }
                        }
                    }
                    case "statement" -> checkShape(StixTypes.STATEMENT, definition, at("definition"), false, null);
                    default -> warning(at("definition_type"), "open-vocabulary", "definition_type '"
                            + abbreviate(definitionType) + "' is neither statement nor tlp", "7.2.1");
                }
            }
            JsonObject ext = o.getObject("extensions");
            if (ext != null && ext.getObject(TLP2_EXTENSION) != null) {
                String level = ext.getObject(TLP2_EXTENSION).getString("tlp_2_0");
                if (level == null || !TLP2_LEVELS.contains(level)) {
                    error(at(at("extensions"), TLP2_EXTENSION), "tlp-marking", "a TLP 2.0 marking needs tlp_2_0 "
                            + "with one of clear, green, amber, amber+strict, red", "7.2.1");
                }
            }
        }

        private void checkNestedRules(Shape shape, JsonObject value, Loc path) {
            switch (shape.name()) {
                case "granular-marking" -> {
                    boolean lang = value.has("lang");
                    boolean ref = value.has("marking_ref");
                    if (lang == ref) {
                        error(path, "granular-marking", "a granular marking must have exactly one of lang and "
                                + "marking_ref", "7.2.3");
                    }
                    String l = value.getString("lang");
                    if (l != null && !LANGUAGE_TAG.matcher(l).matches()) {
                        error(at(path, "lang"), "lang", "'" + abbreviate(l) + "' is not an RFC 5646 language tag",
                                "7.2.3");
                    }
                }
                case "email-mime-part-type" -> {
                    if (!value.has("body") && !value.has("body_raw_ref")) {
                        error(path, "at-least-one", "a MIME part must have body or body_raw_ref", "6.6.2");
                    }
                }
                case "kill-chain-phase" -> {
                    for (String p : List.of("kill_chain_name", "phase_name")) {
                        String s = value.getString(p);
                        if (s != null && (!s.equals(s.toLowerCase(java.util.Locale.ROOT)) || s.contains(" ")
                                || s.contains("_"))) {
                            warning(at(path, p), "kill-chain-phase-name", "'" + abbreviate(s) + "' should be lower "
                                    + "case with hyphens between words", "2.11");
                        }
                    }
                }
                default -> {
                }
            }
        }

        // ---- custom objects, extensions, markings ----

        /**
         * Custom objects keep whatever properties they have; the common ones
         * must have their standard types. A type defined by an
         * extension-definition ({@code new-sdo}, {@code new-sro}) must also
         * carry the common properties such objects require (section 7.3).
         */
        private void checkCustomObject() {
            String kind = newObjectExtensionType();
            if ("new-sdo".equals(kind) || "new-sro".equals(kind)) {
                for (String required : List.of("spec_version", "created", "modified")) {
                    if (!o.has(required)) {
                        error(at(required), "required-property", "the required property '" + required + "' is "
                                + "missing; a type defined as " + kind + " follows the rules of its kind", "7.3");
                    }
                }
            } else if ("new-sco".equals(kind)) {
                for (String forbidden : List.of("created_by_ref", "revoked", "labels", "confidence", "lang",
                        "external_references", "created", "modified")) {
                    if (o.has(forbidden)) {
                        error(at(forbidden), "not-applicable-property", "'" + forbidden + "' is not a property of "
                                + "SCOs, and this type is defined as new-sco", "7.3");
                    }
                }
            }
            for (int i = 0; i < o.size(); i++) {
                String name = o.keyAt(i);
                JsonValue v = o.valueAt(i);
                Loc p = at(name);
                if ("type".equals(name) || "id".equals(name)) {
                    continue;
                }
                Kind common = commonKind(name);
                if (common != null) {
                    checkValue(common, v, p, name, "3.2");
                } else if (StixTypes.RESERVED.contains(name)) {
                    error(p, "reserved-property", "'" + name + "' is a reserved property name and must not be used",
                            "3.8");
                } else if (!PROPERTY_NAME.matcher(name).matches()) {
                    error(p, "custom-property-name", "property name '" + name + "' of a custom object must be 3-250 "
                            + "characters of a-z, 0-9 and underscore", "11.2.1");
                } else {
                    checkCustomSuffix(name, v, p);
                }
            }
        }

        /** The kind of a common property as an SDO uses it (custom objects follow SDO, SCO or SRO rules). */
        private Kind commonKind(String name) {
            Prop p = StixTypes.get("identity").shape().prop(name);
            if (p != null && StixTypes.COMMON.contains(name)) {
                return p.kind();
            }
            return "defanged".equals(name) ? StixTypes.BOOLEAN : null;
        }

        private void checkExtensions(TypeSpec spec) {
            if (!(o.get("extensions") instanceof JsonObject ext) || ext.isEmpty()) {
                return;
            }
            Loc path = at("extensions");
            for (int i = 0; i < ext.size(); i++) {
                String name = ext.keyAt(i);
                Loc p = at(path, name);
                if (!(ext.valueAt(i) instanceof JsonObject value)) {
                    error(p, "extension", "the extension '" + abbreviate(name) + "' must be an object, not a "
                            + ext.valueAt(i).kind(), "3.2");
                    continue;
                }
                if (value.isEmpty()) {
                    error(p, "extension", "the extension '" + abbreviate(name) + "' is empty", "7.3");
                    continue;
                }
                if (name.startsWith("extension-definition--")) {
                    checkDefinedExtension(spec, name, value, p);
                } else if (spec != null && spec.extensions().containsKey(name)) {
                    Shape shape = spec.extensions().get(name);
                    checkShape(shape, value, p, false, null);
                } else if (spec == null || spec.category() == Category.SCO) {
                    if (!name.endsWith("-ext") || !CUSTOM_EXTENSION_NAME.matcher(name).matches()) {
                        error(p, "extension-name", "'" + abbreviate(name) + "' is neither an extension-definition id "
                                + "nor a predefined extension of " + type + " nor a custom extension name (a-z, "
                                + "0-9 and hyphens, ending in -ext)", "11.3.1");
                    } else if (predefinedElsewhere(name)) {
                        error(p, "extension-name", "'" + name + "' is a predefined extension of another object "
                                + "type, not of " + type, "3.10");
                    }
                } else {
                    error(p, "extension-name", "extensions of " + type + " must be keyed by the id of an "
                            + "extension-definition, not '" + abbreviate(name) + "'", "7.3");
                }
            }
        }

        /** The extension_type of an extension-definition entry that defines a new object type, or null. */
        private String newObjectExtensionType() {
            JsonObject ext = o.getObject("extensions");
            if (ext == null) {
                return null;
            }
            for (int i = 0; i < ext.size(); i++) {
                if (ext.keyAt(i).startsWith("extension-definition--") && ext.valueAt(i) instanceof JsonObject e) {
                    String t = e.getString("extension_type");
                    if (t != null && t.startsWith("new-")) {
                        return t;
                    }
                }
            }
            return null;
        }

        private boolean predefinedElsewhere(String name) {
            return StixTypes.all().values().stream().anyMatch(t -> t.extensions().containsKey(name));
        }

        private void checkDefinedExtension(TypeSpec spec, String name, JsonObject value, Loc path) {
            String problem = StixId.problem(name);
            if (problem != null) {
                error(path, "identifier-syntax", problem, "2.9");
                return;
            }
            JsonValue et = value.get("extension_type");
            if (et == null) {
                error(path, "extension-type", "an extension keyed by an extension-definition id must state its "
                        + "extension_type", "7.3");
                return;
            }
            String kind = et.asString();
            Vocabularies.Vocabulary types = Vocabularies.get("extension-type-enum");
            if (kind == null || !types.values().contains(kind)) {
                error(at(path, "extension_type"), "closed-vocabulary", "extension_type must be one of "
                        + String.join(", ", new java.util.TreeSet<>(types.values())), "10.5");
                return;
            }
            if (kind.startsWith("new-") && spec != null) {
                error(at(path, "extension_type"), "extension-type", "a " + type + " is a STIX 2.1 type; " + kind
                        + " extensions define new types only", "7.3");
            }
        }

        private void checkGranularMarkings() {
            JsonArray markings = o.getArray("granular_markings");
            if (markings == null) {
                return;
            }
            for (int i = 0; i < markings.size(); i++) {
                if (!(markings.get(i) instanceof JsonObject marking)) {
                    continue;
                }
                JsonArray selectors = marking.getArray("selectors");
                if (selectors == null) {
                    continue;
                }
                for (int j = 0; j < selectors.size(); j++) {
                    String selector = selectors.get(j).asString();
                    if (selector != null && !resolves(selector)) {
                        error(at("granular_markings").index(i).key("selectors").index(j), "granular-marking-selector",
                                "the selector '" + abbreviate(selector) + "' does not select any content of this "
                                        + "object", "7.2.3.1");
                    }
                }
            }
        }

        private boolean resolves(String selector) {
            if (selector.isEmpty()) {
                return false;
            }
            JsonValue current = o;
            for (String step : selector.split("\\.", -1)) {
                var index = SELECTOR_INDEX.matcher(step);
                if (index.matches()) {
                    if (!(current instanceof JsonArray a)) {
                        return false;
                    }
                    int n = Integer.parseInt(index.group(1));
                    if (n >= a.size()) {
                        return false;
                    }
                    current = a.get(n);
                } else {
                    if (!(current instanceof JsonObject obj) || step.isEmpty() || !obj.has(step)) {
                        return false;
                    }
                    current = obj.get(step);
                }
            }
            return true;
        }
    }

    // ---- helpers ----

    /**
     * A JSON path built only when a finding needs it: checking a valid object
     * creates these small links but never the strings.
     */
    private record Loc(Loc parent, String key, int index, String root) {
        static Loc root(String path) {
            return new Loc(null, null, -1, path);
        }

        Loc key(String k) {
            return new Loc(this, k, -1, null);
        }

        Loc index(int i) {
            return new Loc(this, null, i, null);
        }

        @Override
        public String toString() {
            if (root != null) {
                return root;
            }
            StringBuilder sb = new StringBuilder(parent.toString());
            if (key != null) {
                JsonStream.appendKey(sb, key);
            } else {
                sb.append('[').append(index).append(']');
            }
            return sb.toString();
        }
    }

    static String at(String path, String key) {
        StringBuilder sb = new StringBuilder(path.length() + key.length() + 4).append(path);
        JsonStream.appendKey(sb, key);
        return sb.toString();
    }

    private static boolean isHexIgnoringCase(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBase64(String s) {
        try {
            Base64.getDecoder().decode(s);
            return s.length() % 4 == 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Long values are cut in messages so a finding stays one readable line. */
    private static String abbreviate(String s) {
        final int max = 80;
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
