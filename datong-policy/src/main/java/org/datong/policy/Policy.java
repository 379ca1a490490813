package org.datong.policy;

import org.datong.stix.Finding;
import org.datong.stix.StixObject;
import org.datong.stix.Timestamp;
import org.datong.stix.Validator;
import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonString;
import org.datong.stix.json.JsonValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The policy evaluator: decides whether one STIX object may cross to or from
 * one partner, and in what form.
 *
 * <p>Design. {@link #decide} is a pure function of its {@link Request} and of
 * the rules and marking registry this evaluator was built with: no clock, no
 * randomness, no I/O, so the same input always gives the same decision and a
 * decision can be re-explained later. Checks run in a fixed order and each
 * adds one plain-words line to the decision, whether it passed or not:
 * <ol>
 * <li>an active agreement in force covers the partner, direction, collection
 *     and object type (marking and extension definitions are covered by any
 *     agreement for the collection, so partners can read markings);</li>
 * <li>every referenced marking-definition is known (an unknown marking cannot
 *     be honoured, so the object stays);</li>
 * <li>the object's effective TLP (its most restrictive TLP marking, else the
 *     rules' default) is within the agreement; granular markings above it
 *     drop the optional properties they cover, or deny when they cover a
 *     required one;</li>
 * <li>the effective grade (the highest of the object's grade marking, the
 *     collection's default grade and the highest grade this node ever
 *     recorded for the object, else the rules' default) is within the
 *     agreement; on the way out the object carries that grade, so relaying
 *     raises grades and never lowers them;</li>
 * <li>jurisdiction rules for a foreign or domestic partner (deny beats review);</li>
 * <li>personal information: the stricter of the agreement's treatment and
 *     what the rules require is applied ({@link PersonalData});</li>
 * <li>grades that the agreement sends to review;</li>
 * <li>the result is checked with the STIX validator; invalid output never leaves.</li>
 * </ol>
 * Inbound decisions check the agreement, markings, TLP and grade limits and
 * refuse an object whose grade is lower than one this node recorded before.
 *
 * <p>Thread-safe and cheap to call: about a microsecond for a typical
 * indicator (see the JMH benchmark {@code PolicyDecisionBench}).
 */
public final class Policy {
    private static final Set<String> DEFINITION_TYPES = Set.of("marking-definition", "extension-definition");
    private static final Set<String> COMMON_REQUIRED = Set.of("type", "id", "spec_version", "created", "modified");
    /** Properties that STIX 2.1 requires per type; removing one would make the object invalid. */
    private static final Map<String, Set<String>> TYPE_REQUIRED = Map.ofEntries(
            Map.entry("attack-pattern", Set.of("name")),
            Map.entry("campaign", Set.of("name")),
            Map.entry("course-of-action", Set.of("name")),
            Map.entry("grouping", Set.of("context", "object_refs")),
            Map.entry("identity", Set.of("name")),
            Map.entry("incident", Set.of("name")),
            Map.entry("indicator", Set.of("pattern", "pattern_type", "valid_from")),
            Map.entry("infrastructure", Set.of("name")),
            Map.entry("intrusion-set", Set.of("name")),
            Map.entry("location", Set.of()),
            Map.entry("malware", Set.of("is_family")),
            Map.entry("malware-analysis", Set.of("product")),
            Map.entry("note", Set.of("content", "object_refs")),
            Map.entry("observed-data", Set.of("first_observed", "last_observed", "number_observed")),
            Map.entry("opinion", Set.of("opinion", "object_refs")),
            Map.entry("report", Set.of("name", "published", "object_refs")),
            Map.entry("threat-actor", Set.of("name")),
            Map.entry("tool", Set.of("name")),
            Map.entry("vulnerability", Set.of("name")),
            Map.entry("relationship", Set.of("relationship_type", "source_ref", "target_ref")),
            Map.entry("sighting", Set.of("sighting_of_ref")),
            Map.entry("marking-definition", Set.of("definition_type", "definition", "extensions", "name")),
            Map.entry("extension-definition", Set.of("name", "schema", "version", "extension_types", "created_by_ref")));

    private final JurisdictionRules rules;
    private final Markings markings;
    private final Validator validator = Validator.standard();

    public Policy(JurisdictionRules rules, Markings markings) {
        this.rules = rules;
        this.markings = markings;
    }

    public JurisdictionRules rules() {
        return rules;
    }

    public Markings markings() {
        return markings;
    }

    /** The same evaluator with a different marking registry. */
    public Policy withMarkings(Markings other) {
        return other == markings ? this : new Policy(rules, other);
    }

    /**
     * Everything a decision depends on besides the rules and markings.
     *
     * @param object          the object as stored on this node
     * @param partner         the partner it goes to or comes from
     * @param agreements      the partner's agreements (any state)
     * @param collectionId    the collection it is shared from (outbound) or into (inbound); null when not known
     *                        (then any agreement's collections count as covering it)
     * @param collectionGrade the collection's default grade, or null
     * @param recordedGrade   the highest grade this node has recorded for the object id, or null
     * @param now             the instant agreements are judged at
     * @param isIndividual    whether an identity id is a known individual (personal)
     * @param pseudonymIdOf   ids of personal SCOs already pseudonymised for this partner, or null
     */
    public record Request(StixObject object, Partner partner, List<Agreement> agreements, String collectionId,
                          String collectionGrade, String recordedGrade, Instant now,
                          Predicate<String> isIndividual, Function<String, String> pseudonymIdOf) {
        public Request {
            agreements = List.copyOf(agreements);
            if (isIndividual == null) {
                isIndividual = id -> false;
            }
            if (pseudonymIdOf == null) {
                pseudonymIdOf = id -> null;
            }
        }
    }

    /** Decides whether the object may go to the partner. */
    public Decision decide(Request r) {
        StixObject object = r.object();
        Partner partner = r.partner();
        List<Decision.Applied> applied = new ArrayList<>(8);
        String type = object.type();
        String version = versionOf(object);

        // 1. agreement
        Agreement agreement = pickAgreement(r, true, applied);
        if (agreement == null) {
            return new Decision.Deny(applied, facts(object, version, null, null, partner, null, false));
        }
        // 2. markings
        EffectiveMarkings em = markings.effective(object);
        if (!em.unknown().isEmpty()) {
            applied.add(Decision.Applied.decisive("unknown-marking", "it references marking-definition(s) this node does not know ("
                    + String.join(", ", em.unknown()) + "), so their handling rules cannot be honoured"));
            return new Decision.Deny(applied, facts(object, version, null, null, partner, agreement, false));
        }
        // 3. TLP
        Tlp tlp = em.objectTlp();
        if (tlp == null) {
            tlp = rules.defaultTlp();
            applied.add(Decision.Applied.info("tlp-default", "it has no TLP marking, so the rules' default "
                    + tlp.label() + " applies"));
        }
        if (tlp.above(agreement.maxTlp())) {
            applied.add(Decision.Applied.decisive("tlp-above-agreement", "it is " + tlp.label()
                    + ", above the highest level agreement " + agreement.id() + " allows (" + agreement.maxTlp().label() + ")"));
            return new Decision.Deny(applied, facts(object, version, tlp, null, partner, agreement, false));
        }
        applied.add(Decision.Applied.info("tlp", "it is " + tlp.label() + ", within " + agreement.maxTlp().label()
                + " allowed by agreement " + agreement.id()));
        JsonObject json = object.json();
        boolean restructured = false; // properties removed or rewritten: re-check validity before it leaves
        if (!em.granular().isEmpty()) {
            Set<String> required = requiredProperties(type);
            for (Map.Entry<String, List<Marking>> e : em.granular().entrySet()) {
                Tlp pt = em.propertyTlp(e.getKey());
                if (pt != null && pt.above(agreement.maxTlp())) {
                    if (required.contains(e.getKey())) {
                        applied.add(Decision.Applied.decisive("granular-tlp-above-agreement", "its required property "
                                + e.getKey() + " is marked " + pt.label() + ", above " + agreement.maxTlp().label()));
                        return new Decision.Deny(applied, facts(object, version, tlp, null, partner, agreement, false));
                    }
                    json = Props.without(json, e.getKey());
                    restructured = true;
                    applied.add(Decision.Applied.info("granular-tlp-dropped", "property " + e.getKey() + " is marked "
                            + pt.label() + ", above " + agreement.maxTlp().label() + ", so it is left out"));
                }
            }
        }
        // 4. grade
        GradeScheme scheme = rules.scheme();
        if (!em.foreignGrades(scheme).isEmpty()) {
            applied.add(Decision.Applied.decisive("grade-unknown-scheme", "it carries "
                    + em.foreignGrades(scheme).get(0).label() + ", which this node's grade scheme cannot compare"));
            return new Decision.Deny(applied, facts(object, version, tlp, null, partner, agreement, false));
        }
        String markedGrade = em.grade(scheme);
        String grade = scheme.max(scheme.max(markedGrade, known(scheme, r.collectionGrade())), known(scheme, r.recordedGrade()));
        if (grade == null) {
            grade = rules.defaultGrade();
            applied.add(Decision.Applied.info("grade-default", "it has no grade and its collection none either, so the rules' default grade "
                    + grade + " applies"));
        } else if (!grade.equals(markedGrade)) {
            applied.add(Decision.Applied.info("grade-raised", "its grade is " + grade + " ("
                    + (grade.equals(known(scheme, r.recordedGrade())) && !grade.equals(known(scheme, r.collectionGrade()))
                    ? "the highest grade recorded for it" : "the default grade of collection " + r.collectionId())
                    + "), and it leaves marked so"));
        }
        if (scheme.above(grade, agreement.maxGrade())) {
            applied.add(Decision.Applied.decisive("grade-above-agreement", "its grade " + grade
                    + " is above the highest grade agreement " + agreement.id() + " allows (" + agreement.maxGrade() + ")"));
            return new Decision.Deny(applied, facts(object, version, tlp, grade, partner, agreement, false));
        }
        applied.add(Decision.Applied.info("grade", "its grade " + grade + " is within " + agreement.maxGrade()
                + " allowed by agreement " + agreement.id()));
        if (GradeScheme.DEFAULT_NAME.equals(scheme.name()) && !grade.equals(markedGrade) && !DEFINITION_TYPES.contains(type)) {
            json = withGradeMarking(json, grade);
        }
        // 5. jurisdiction rules
        boolean foreign = rules.foreign(partner.jurisdiction());
        List<String> personal = PersonalData.find(json, rules.personalIpAddresses(), r.isIndividual());
        boolean hasPersonal = !personal.isEmpty() || referencesPersonal(json, r.isIndividual());
        PersonalData.Treatment required = PersonalData.Treatment.KEEP;
        List<Decision.Applied> denies = new ArrayList<>(0);
        List<Decision.Applied> reviews = new ArrayList<>(0);
        for (JurisdictionRules.Rule rule : rules.rules()) {
            if (!rule.matches(foreign, grade, type) || rule.personalData() && !hasPersonal) {
                continue;
            }
            String id = "jurisdiction:" + rule.id();
            String where = (foreign ? "partner " + partner.name() + " is abroad (" + partner.jurisdiction() + ")"
                    : "partner " + partner.name() + " is in this country");
            switch (rule.action()) {
                case DENY -> denies.add(Decision.Applied.decisive(id, rule.describe() + "; " + where));
                case REVIEW -> reviews.add(Decision.Applied.decisive(id, rule.describe() + "; " + where));
                case MINIMISE -> required = required.stricter(PersonalData.Treatment.MINIMISE);
                case DROP_PERSONAL_DATA -> required = required.stricter(PersonalData.Treatment.DROP);
            }
        }
        if (!denies.isEmpty()) {
            applied.addAll(denies);
            return new Decision.Deny(applied, facts(object, version, tlp, grade, partner, agreement, false));
        }
        // 6. personal information
        PersonalData.Treatment treatment = agreement.personalData().stricter(required);
        Map<String, String> newIds = Map.of();
        if (treatment != PersonalData.Treatment.KEEP) {
            PersonalData.Outcome out = PersonalData.apply(json, new PersonalData.Context(treatment, keyOf(agreement),
                    rules.personalIpAddresses(), r.isIndividual(), r.pseudonymIdOf()));
            switch (out) {
                case PersonalData.Dropped d -> {
                    applied.add(Decision.Applied.decisive("personal-data-" + treatment.word(), d.reason()
                            + " (" + treatmentSource(agreement, required, treatment) + ")"));
                    return new Decision.Deny(applied, facts(object, version, tlp, grade, partner, agreement, false));
                }
                case PersonalData.Kept k -> {
                    restructured |= k.object() != json;
                    json = k.object();
                    newIds = k.newIds();
                    if (!k.changes().isEmpty()) {
                        applied.add(Decision.Applied.info("personal-data-" + treatment.word(), "personal information is "
                                + (treatment == PersonalData.Treatment.DROP ? "dropped" : "minimised") + " ("
                                + treatmentSource(agreement, required, treatment) + "): " + String.join("; ", k.changes())));
                    }
                }
            }
        } else if (hasPersonal) {
            applied.add(Decision.Applied.info("personal-data-keep", "it holds personal information (" + String.join(", ", personal)
                    + ") which agreement " + agreement.id() + " and the rules let through unchanged"));
        }
        // 7. review
        if (agreement.reviewGrades().contains(grade)) {
            reviews.add(Decision.Applied.decisive("agreement-review-grade", "agreement " + agreement.id()
                    + " sends grade " + grade + " to a human review first"));
        }
        // 8. output validity
        StixObject result;
        if (json == object.json()) {
            result = object;
        } else if (!restructured) {
            // only a grade marking was stamped: a valid object stays valid
            result = StixObject.of(json);
        } else {
            result = StixObject.of(json);
            List<Finding> findings = validator.validate(json, "$");
            for (Finding f : findings) {
                if (f.isError()) {
                    applied.add(Decision.Applied.decisive("output-invalid", "after the changes above it would not be valid STIX ("
                            + f.path() + ": " + f.message() + "), so it stays"));
                    return new Decision.Deny(applied, facts(object, version, tlp, grade, partner, agreement, false));
                }
            }
        }
        Decision.Facts facts = facts(object, version, tlp, grade, partner, agreement, false);
        if (!reviews.isEmpty()) {
            applied.addAll(reviews);
            return new Decision.Review(result, applied, facts, newIds);
        }
        return new Decision.Allow(result, applied, facts, newIds);
    }

    /**
     * Decides whether an object the partner sent may be admitted into the
     * collection. {@code Allow} carries the object unchanged.
     */
    public Decision admit(Request r) {
        StixObject object = r.object();
        Partner partner = r.partner();
        List<Decision.Applied> applied = new ArrayList<>(6);
        String version = versionOf(object);
        Agreement agreement = pickAgreement(r, false, applied);
        if (agreement == null) {
            return new Decision.Deny(applied, facts(object, version, null, null, partner, null, true));
        }
        EffectiveMarkings em = markings.effective(object);
        if (!em.unknown().isEmpty()) {
            applied.add(Decision.Applied.decisive("unknown-marking", "it references marking-definition(s) this node does not know ("
                    + String.join(", ", em.unknown()) + "); send the marking-definition first"));
            return new Decision.Deny(applied, facts(object, version, null, null, partner, agreement, true));
        }
        Tlp tlp = em.objectTlp() == null ? rules.defaultTlp() : em.objectTlp();
        if (tlp.above(agreement.maxTlp())) {
            applied.add(Decision.Applied.decisive("tlp-above-agreement", "it is " + tlp.label()
                    + ", above the highest level agreement " + agreement.id() + " accepts (" + agreement.maxTlp().label() + ")"));
            return new Decision.Deny(applied, facts(object, version, tlp, null, partner, agreement, true));
        }
        GradeScheme scheme = rules.scheme();
        String marked = em.grade(scheme);
        String recorded = known(scheme, r.recordedGrade());
        if (recorded != null && (marked == null || scheme.above(recorded, marked))) {
            applied.add(Decision.Applied.decisive("grade-lowered", "it arrives " + (marked == null ? "without a grade" : "as " + marked)
                    + " but this node has recorded it as " + recorded + "; grades are only ever raised"));
            return new Decision.Deny(applied, facts(object, version, tlp, marked, partner, agreement, true));
        }
        String grade = scheme.max(marked, known(scheme, r.collectionGrade()));
        if (grade == null) {
            grade = rules.defaultGrade();
        }
        if (scheme.above(grade, agreement.maxGrade())) {
            applied.add(Decision.Applied.decisive("grade-above-agreement", "its grade " + grade
                    + " is above the highest grade agreement " + agreement.id() + " accepts (" + agreement.maxGrade() + ")"));
            return new Decision.Deny(applied, facts(object, version, tlp, grade, partner, agreement, true));
        }
        applied.add(Decision.Applied.info("tlp", "it is " + tlp.label() + ", within " + agreement.maxTlp().label()));
        applied.add(Decision.Applied.info("grade", "its grade " + grade + " is within " + agreement.maxGrade()));
        return new Decision.Allow(object, applied, facts(object, version, tlp, grade, partner, agreement, true), Map.of());
    }

    /** The agreement that governs this crossing, or null after adding the reason there is none. */
    private Agreement pickAgreement(Request r, boolean outbound, List<Decision.Applied> applied) {
        String dir = outbound ? "send to" : "receive from";
        String type = r.object().type();
        boolean definition = DEFINITION_TYPES.contains(type);
        List<Agreement> all = r.agreements();
        if (all.isEmpty()) {
            applied.add(Decision.Applied.decisive("no-agreement", "there is no agreement with partner " + r.partner().name()));
            return null;
        }
        String reason = null;
        String rule = null;
        Agreement best = null;
        for (Agreement a : all.stream().sorted(Comparator.comparing(Agreement::id)).toList()) {
            if (outbound ? !a.direction().allowsSend() : !a.direction().allowsReceive()) {
                if (reason == null) {
                    rule = "agreement-direction";
                    reason = "agreement " + a.id() + " does not let this node " + dir + " " + r.partner().name()
                            + " (direction " + a.direction().word() + ")";
                }
                continue;
            }
            if (r.collectionId() != null && !a.coversCollection(r.collectionId())) {
                if (reason == null || "agreement-direction".equals(rule)) {
                    rule = "collection-not-covered";
                    reason = "agreement " + a.id() + " does not cover collection " + r.collectionId();
                }
                continue;
            }
            if (!definition && !a.coversType(type)) {
                if (reason == null || !"agreement-not-active".equals(rule)) {
                    rule = "type-not-covered";
                    reason = "agreement " + a.id() + " does not cover objects of type " + type;
                }
                continue;
            }
            Agreement.State st = a.stateAt(r.now());
            if (st != Agreement.State.ACTIVE) {
                rule = "agreement-not-active";
                reason = "agreement " + a.id() + " is " + st.word()
                        + (a.state() == Agreement.State.ACTIVE ? " at " + r.now() + " (valid " + validity(a) + ")" : "");
                continue;
            }
            best = a;
            break;
        }
        if (best == null) {
            applied.add(Decision.Applied.decisive(rule, reason));
            return null;
        }
        applied.add(Decision.Applied.info("agreement", "agreement " + best.id() + " with " + r.partner().name()
                + " is active and covers " + (r.collectionId() == null ? "" : "collection " + r.collectionId() + " and ")
                + "type " + type));
        return best;
    }

    private static String validity(Agreement a) {
        return (a.validFrom() == null ? "from the start" : "from " + a.validFrom())
                + (a.validUntil() == null ? " with no end" : " until " + a.validUntil());
    }

    private static String treatmentSource(Agreement a, PersonalData.Treatment required, PersonalData.Treatment applied) {
        if (required == applied && a.personalData() != applied) {
            return "required by the jurisdiction rules";
        }
        return "agreement " + a.id() + " says " + a.personalData().word();
    }

    private static String known(GradeScheme scheme, String grade) {
        return grade != null && scheme.contains(grade) ? grade : null;
    }

    private static Set<String> requiredProperties(String type) {
        Set<String> t = TYPE_REQUIRED.get(type);
        if (t == null) {
            return COMMON_REQUIRED;
        }
        Set<String> all = new java.util.HashSet<>(COMMON_REQUIRED);
        all.addAll(t);
        return all;
    }

    /** True when a reference points to an object that is personal by its type or a known individual. */
    private static boolean referencesPersonal(JsonObject o, Predicate<String> isIndividual) {
        for (int i = 0; i < o.size(); i++) {
            String k = o.keyAt(i);
            JsonValue v = o.valueAt(i);
            if (k.endsWith("_ref") && v instanceof JsonString s) {
                if (personalRef(s.value(), isIndividual)) {
                    return true;
                }
            } else if (k.endsWith("_refs") && v instanceof JsonArray a) {
                for (JsonValue item : a) {
                    if (item instanceof JsonString s && personalRef(s.value(), isIndividual)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean personalRef(String id, Predicate<String> isIndividual) {
        return id.startsWith("email-addr--") || id.startsWith("user-account--")
                || id.startsWith("identity--") && isIndividual.test(id);
    }

    /** Replaces lower default-scheme grade markings by the given grade's marking. */
    static JsonObject withGradeMarking(JsonObject json, String grade) {
        String target = GradeScheme.markingId(grade);
        if (target == null) {
            return json;
        }
        List<String> refs = new ArrayList<>(json.getStrings("object_marking_refs"));
        for (String g : GradeScheme.DEFAULT.grades()) {
            String id = GradeScheme.markingId(g);
            if (!g.equals(grade)) {
                refs.remove(id);
            }
        }
        if (!refs.contains(target)) {
            refs.add(target);
        }
        return json.with("object_marking_refs", JsonArray.ofStrings(refs));
    }

    private static byte[] keyOf(Agreement a) {
        return Base64.getUrlDecoder().decode(a.pseudonymKey());
    }

    private static String versionOf(StixObject o) {
        Timestamp v = o.version();
        if (v != null) {
            return v.text();
        }
        String m = o.getString("modified");
        return m != null ? m : o.getString("created");
    }

    private static Decision.Facts facts(StixObject o, String version, Tlp tlp, String grade, Partner partner,
                                        Agreement agreement, boolean inbound) {
        return new Decision.Facts(o.id(), o.type(), version, tlp, grade, partner.name(),
                agreement == null ? null : agreement.id(), inbound);
    }
}
