package org.datong.policy;

import org.datong.stix.json.Json;
import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonBoolean;
import org.datong.stix.json.JsonException;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonString;
import org.datong.stix.json.JsonValue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The operator's rules for what may leave this node's jurisdiction, loaded
 * from a JSON file (by default {@code DATA/policy/rules.json}) and checked
 * strictly on load: an unknown member, a wrong type or an unknown value is an
 * error naming the file and the JSON path, so a typo never silently weakens
 * a rule.
 *
 * <pre>{@code
 * {
 *   "format": 1,
 *   "jurisdiction": "CN",              // ISO 3166-1 alpha-2; ZZ = unknown, every partner is foreign
 *   "default_tlp": "amber",            // TLP assumed for objects without one
 *   "default_grade": "general",        // grade assumed when neither object nor collection has one
 *   "grade_scheme": ["general", "important", "core"],   // optional, lowest first
 *   "personal_ip_addresses": false,    // treat IP addresses as personal (e.g. victims' addresses)
 *   "rules": [
 *     {"id": "core-stays-home", "grades": ["core"], "destination": "foreign", "action": "deny",
 *      "reason": "core data never leaves the country"}
 *   ]
 * }
 * }</pre>
 *
 * <p>A rule matches an object when every condition it names holds:
 * {@code destination} (foreign, domestic, any), {@code grades},
 * {@code object_types}, {@code personal_data} (true: the object holds
 * personal information). Its {@code action} is one of deny, review,
 * minimise (personal information must be pseudonymised or generalised) and
 * drop-personal-data. All matching rules apply; deny beats review.
 */
public record JurisdictionRules(String jurisdiction, Tlp defaultTlp, String defaultGrade, GradeScheme scheme,
                                boolean personalIpAddresses, List<Rule> rules) {
    /** The file format this code reads. */
    public static final int FORMAT = 1;
    /** The code for "jurisdiction not set": every partner counts as foreign. */
    public static final String UNKNOWN_JURISDICTION = "ZZ";
    private static final Pattern RULE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Set<String> TOP_KEYS = Set.of("format", "jurisdiction", "default_tlp", "default_grade",
            "grade_scheme", "personal_ip_addresses", "rules");
    private static final Set<String> RULE_KEYS = Set.of("id", "destination", "grades", "object_types",
            "personal_data", "action", "reason");

    /** Where a rule applies. */
    public enum Destination {
        FOREIGN, DOMESTIC, ANY;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a matching rule does. */
    public enum Action {
        DENY("deny"), REVIEW("review"), MINIMISE("minimise"), DROP_PERSONAL_DATA("drop-personal-data");

        private final String word;

        Action(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        static Action parse(String s) {
            for (Action a : values()) {
                if (a.word.equals(s)) {
                    return a;
                }
            }
            return null;
        }
    }

    /**
     * One rule.
     *
     * @param grades      grades it applies to; empty = all
     * @param objectTypes STIX types it applies to; empty = all
     * @param personalData when true, applies only to objects holding personal information
     */
    public record Rule(String id, Destination destination, Set<String> grades, Set<String> objectTypes,
                       boolean personalData, Action action, String reason) {
        public Rule {
            grades = Set.copyOf(grades);
            objectTypes = Set.copyOf(objectTypes);
        }

        /** True when the rule's conditions other than personal data hold. */
        public boolean matches(boolean foreign, String grade, String type) {
            if (destination == Destination.FOREIGN && !foreign || destination == Destination.DOMESTIC && foreign) {
                return false;
            }
            return (grades.isEmpty() || grades.contains(grade)) && (objectTypes.isEmpty() || objectTypes.contains(type));
        }

        /** The rule in plain words, for explanations. */
        public String describe() {
            if (reason != null) {
                return reason;
            }
            StringBuilder sb = new StringBuilder();
            sb.append(switch (action) {
                case DENY -> "must not be sent";
                case REVIEW -> "needs a human review before it is sent";
                case MINIMISE -> "personal information must be minimised";
                case DROP_PERSONAL_DATA -> "personal information must be removed";
            });
            List<String> when = new ArrayList<>();
            if (!grades.isEmpty()) {
                when.add("grade " + String.join("/", grades.stream().sorted().toList()));
            }
            if (!objectTypes.isEmpty()) {
                when.add("type " + String.join("/", objectTypes.stream().sorted().toList()));
            }
            if (personalData) {
                when.add("holding personal information");
            }
            if (destination != Destination.ANY) {
                when.add("going to a " + destination.word() + " partner");
            }
            return when.isEmpty() ? sb.toString() : sb + " (" + String.join(", ", when) + ")";
        }
    }

    public JurisdictionRules {
        rules = List.copyOf(rules);
    }

    /**
     * The safe defaults written when no file exists: jurisdiction unknown (so
     * every partner counts as foreign), core never leaves the country,
     * important needs review before it leaves, personal information is always
     * minimised, objects without TLP count as AMBER.
     */
    public static final String DEFAULT_TEXT = """
            {
              "format": 1,
              "jurisdiction": "ZZ",
              "default_tlp": "amber",
              "default_grade": "general",
              "grade_scheme": ["general", "important", "core"],
              "personal_ip_addresses": false,
              "rules": [
                {"id": "core-stays-in-country", "grades": ["core"], "destination": "foreign", "action": "deny",
                 "reason": "core data never leaves the country"},
                {"id": "important-abroad-needs-review", "grades": ["important"], "destination": "foreign", "action": "review",
                 "reason": "important data needs a human review before it leaves the country"},
                {"id": "personal-data-minimised", "personal_data": true, "destination": "any", "action": "minimise",
                 "reason": "personal information is minimised before it leaves this node"}
              ]
            }
            """;

    /** The rules of {@link #DEFAULT_TEXT}. */
    public static JurisdictionRules defaults() {
        try {
            return parse(DEFAULT_TEXT, "defaults");
        } catch (RulesException e) {
            throw new IllegalStateException("the built-in default rules are invalid: " + e.getMessage(), e);
        }
    }

    /** True when a partner in that jurisdiction is abroad from this node. */
    public boolean foreign(String partnerJurisdiction) {
        return UNKNOWN_JURISDICTION.equals(jurisdiction) || !jurisdiction.equals(partnerJurisdiction);
    }

    /**
     * Parses and checks a rules file.
     *
     * @param text   the file's content
     * @param source the file name used in messages
     * @throws RulesException listing every problem as {@code source: $.path: what is wrong}
     */
    public static JurisdictionRules parse(String text, String source) throws RulesException {
        JsonValue root;
        try {
            root = Json.parse(text);
        } catch (JsonException e) {
            throw new RulesException(List.of(source + ": not valid JSON: " + e.getMessage()));
        }
        List<String> errors = new ArrayList<>();
        if (!(root instanceof JsonObject o)) {
            throw new RulesException(List.of(source + ": $: expected a JSON object but found " + root.kind()));
        }
        Checker c = new Checker(source, errors);
        for (String k : o.keys()) {
            if (!TOP_KEYS.contains(k)) {
                c.error("$." + k, "unknown member '" + k + "'; expected one of " + sortedList(TOP_KEYS));
            }
        }
        JsonValue format = o.get("format");
        if (format == null) {
            c.error("$.format", "missing; write \"format\": " + FORMAT);
        } else if (!("" + FORMAT).equals(format.toString())) {
            c.error("$.format", "unsupported format " + format + "; this version of Datong reads format " + FORMAT);
        }
        String jurisdiction = c.string(o, "jurisdiction", true);
        if (jurisdiction != null && !UNKNOWN_JURISDICTION.equals(jurisdiction)) {
            try {
                jurisdiction = Partner.checkJurisdiction(jurisdiction);
                if (!jurisdiction.equals(o.getString("jurisdiction"))) {
                    c.error("$.jurisdiction", "write the country code in upper case: \"" + jurisdiction + "\"");
                }
            } catch (IllegalArgumentException e) {
                c.error("$.jurisdiction", e.getMessage() + ", or ZZ when unknown");
            }
        }
        Tlp defaultTlp = Tlp.AMBER;
        String tlpText = c.string(o, "default_tlp", false);
        if (tlpText != null) {
            defaultTlp = Tlp.parseOrNull(tlpText);
            if (defaultTlp == null) {
                c.error("$.default_tlp", "'" + tlpText + "' is not a TLP level; expected one of clear, green, amber, amber+strict, red");
            }
        }
        GradeScheme scheme = GradeScheme.DEFAULT;
        if (o.has("grade_scheme")) {
            List<String> grades = c.strings(o, "grade_scheme");
            if (grades != null) {
                if (grades.isEmpty()) {
                    c.error("$.grade_scheme", "must list at least one grade, lowest first");
                } else if (new HashSet<>(grades).size() != grades.size()) {
                    c.error("$.grade_scheme", "lists a grade more than once");
                } else if (!grades.equals(GradeScheme.DEFAULT.grades())) {
                    scheme = new GradeScheme("custom", grades);
                }
            }
        }
        String defaultGrade = scheme.lowest();
        String gradeText = c.string(o, "default_grade", false);
        if (gradeText != null) {
            if (scheme.contains(gradeText)) {
                defaultGrade = gradeText;
            } else {
                c.error("$.default_grade", "'" + gradeText + "' is not a grade; expected one of " + String.join(", ", scheme.grades()));
            }
        }
        boolean personalIps = false;
        JsonValue ips = o.get("personal_ip_addresses");
        if (ips != null) {
            if (ips instanceof JsonBoolean b) {
                personalIps = b.value();
            } else {
                c.error("$.personal_ip_addresses", "expected true or false but found " + ips.kind());
            }
        }
        List<Rule> rules = new ArrayList<>();
        JsonValue rv = o.get("rules");
        if (rv == null) {
            c.error("$.rules", "missing; write \"rules\": [] for no rules");
        } else if (!(rv instanceof JsonArray arr)) {
            c.error("$.rules", "expected an array but found " + rv.kind());
        } else {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < arr.size(); i++) {
                Rule r = parseRule(arr.get(i), "$.rules[" + i + "]", c, scheme, ids);
                if (r != null) {
                    rules.add(r);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new RulesException(errors);
        }
        return new JurisdictionRules(jurisdiction, defaultTlp, defaultGrade, scheme, personalIps, rules);
    }

    private static Rule parseRule(JsonValue v, String path, Checker c, GradeScheme scheme, Set<String> ids) {
        if (!(v instanceof JsonObject r)) {
            c.error(path, "expected a rule object but found " + v.kind());
            return null;
        }
        int before = c.errors.size();
        for (String k : r.keys()) {
            if (!RULE_KEYS.contains(k)) {
                c.error(path + "." + k, "unknown member '" + k + "'; expected one of " + sortedList(RULE_KEYS));
            }
        }
        String id = c.string(r, "id", true, path);
        if (id != null) {
            if (!RULE_ID.matcher(id).matches()) {
                c.error(path + ".id", "'" + id + "' is not a rule id; use lower-case letters, digits and '-'");
            } else if (!ids.add(id)) {
                c.error(path + ".id", "rule id '" + id + "' is used twice");
            }
        }
        Destination dest = Destination.ANY;
        String d = c.string(r, "destination", false, path);
        if (d != null) {
            dest = switch (d) {
                case "foreign" -> Destination.FOREIGN;
                case "domestic" -> Destination.DOMESTIC;
                case "any" -> Destination.ANY;
                default -> {
                    c.error(path + ".destination", "'" + d + "' is not a destination; expected one of foreign, domestic, any");
                    yield Destination.ANY;
                }
            };
        }
        Set<String> grades = new LinkedHashSet<>();
        if (r.has("grades")) {
            List<String> g = c.strings(r, "grades", path);
            if (g != null) {
                for (int i = 0; i < g.size(); i++) {
                    if (!scheme.contains(g.get(i))) {
                        c.error(path + ".grades[" + i + "]", "'" + g.get(i) + "' is not a grade; expected one of "
                                + String.join(", ", scheme.grades()));
                    }
                }
                grades.addAll(g);
            }
        }
        Set<String> types = new LinkedHashSet<>();
        if (r.has("object_types")) {
            List<String> t = c.strings(r, "object_types", path);
            if (t != null) {
                types.addAll(t);
            }
        }
        boolean personal = false;
        JsonValue pd = r.get("personal_data");
        if (pd != null) {
            if (pd instanceof JsonBoolean b) {
                personal = b.value();
            } else {
                c.error(path + ".personal_data", "expected true or false but found " + pd.kind());
            }
        }
        Action action = null;
        String a = c.string(r, "action", true, path);
        if (a != null) {
            action = Action.parse(a);
            if (action == null) {
                c.error(path + ".action", "'" + a + "' is not an action; expected one of deny, review, minimise, drop-personal-data");
            }
        }
        String reason = c.string(r, "reason", false, path);
        if (c.errors.size() != before) {
            return null;
        }
        return new Rule(id, dest, grades, types, personal, action, reason);
    }

    private static String sortedList(Set<String> s) {
        return String.join(", ", s.stream().sorted().toList());
    }

    /** Collects problems with their path. */
    private static final class Checker {
        final String source;
        final List<String> errors;

        Checker(String source, List<String> errors) {
            this.source = source;
            this.errors = errors;
        }

        void error(String path, String message) {
            errors.add(source + ": " + path + ": " + message);
        }

        String string(JsonObject o, String key, boolean required) {
            return string(o, key, required, "$");
        }

        String string(JsonObject o, String key, boolean required, String path) {
            JsonValue v = o.get(key);
            if (v == null) {
                if (required) {
                    error(path + "." + key, "missing");
                }
                return null;
            }
            if (!(v instanceof JsonString s)) {
                error(path + "." + key, "expected a string but found " + v.kind());
                return null;
            }
            return s.value();
        }

        List<String> strings(JsonObject o, String key) {
            return strings(o, key, "$");
        }

        List<String> strings(JsonObject o, String key, String path) {
            JsonValue v = o.get(key);
            if (!(v instanceof JsonArray arr)) {
                error(path + "." + key, "expected an array of strings but found " + v.kind());
                return null;
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < arr.size(); i++) {
                if (arr.get(i) instanceof JsonString s) {
                    out.add(s.value());
                } else {
                    error(path + "." + key + "[" + i + "]", "expected a string but found " + arr.get(i).kind());
                }
            }
            return out;
        }
    }
}
