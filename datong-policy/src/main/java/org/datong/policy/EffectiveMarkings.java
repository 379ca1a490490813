package org.datong.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The markings that apply to one object: those on the whole object
 * ({@code object_marking_refs}) and, per top-level property, the granular
 * markings whose selectors point into it. A property's effective marking is
 * the object-level marking plus its granular markings; where TLP levels
 * differ, the most restrictive one applies.
 *
 * @param objectLevel markings of the whole object
 * @param granular    granular markings by the top-level property they cover
 * @param unknown     referenced ids that are not known marking-definitions
 */
public record EffectiveMarkings(List<Marking> objectLevel, Map<String, List<Marking>> granular, List<String> unknown) {

    /** The most restrictive TLP level on the whole object, or null when it has none. */
    public Tlp objectTlp() {
        return maxTlp(objectLevel, null);
    }

    /** The most restrictive TLP level that applies to a top-level property, or null. */
    public Tlp propertyTlp(String property) {
        List<Marking> g = granular.get(property);
        return g == null ? objectTlp() : maxTlp(g, objectTlp());
    }

    /** The highest grade of the scheme on the whole object or any property, or null. */
    public String grade(GradeScheme scheme) {
        String best = null;
        for (Marking m : objectLevel) {
            if (m instanceof Marking.GradeMarking g && g.scheme().equals(scheme.name()) && scheme.contains(g.grade())) {
                best = scheme.max(best, g.grade());
            }
        }
        for (List<Marking> list : granular.values()) {
            for (Marking m : list) {
                if (m instanceof Marking.GradeMarking g && g.scheme().equals(scheme.name()) && scheme.contains(g.grade())) {
                    best = scheme.max(best, g.grade());
                }
            }
        }
        return best;
    }

    /** The most restrictive PAP level on the whole object, or null. */
    public Pap pap() {
        Pap best = null;
        for (Marking m : objectLevel) {
            if (m instanceof Marking.PapMarking p && (best == null || p.level().compareTo(best) > 0)) {
                best = p.level();
            }
        }
        return best;
    }

    /** The statement markings on the whole object. */
    public List<String> statements() {
        List<String> out = new ArrayList<>();
        for (Marking m : objectLevel) {
            if (m instanceof Marking.Statement s) {
                out.add(s.text());
            }
        }
        return out;
    }

    /** Grade markings of schemes other than the given one (they cannot be compared). */
    public List<Marking.GradeMarking> foreignGrades(GradeScheme scheme) {
        List<Marking.GradeMarking> out = new ArrayList<>();
        for (Marking m : objectLevel) {
            if (m instanceof Marking.GradeMarking g && (!g.scheme().equals(scheme.name()) || !scheme.contains(g.grade()))) {
                out.add(g);
            }
        }
        return out;
    }

    private static Tlp maxTlp(List<Marking> markings, Tlp start) {
        Tlp best = start;
        for (Marking m : markings) {
            if (m instanceof Marking.TlpMarking t && (best == null || t.level().above(best))) {
                best = t.level();
            }
        }
        return best;
    }
}
