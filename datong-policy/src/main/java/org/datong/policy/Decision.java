package org.datong.policy;

import org.datong.stix.StixObject;

import java.util.List;
import java.util.Map;

/**
 * The outcome of a sharing decision, with every rule that applied in plain
 * words. Consume with a {@code switch}:
 *
 * <pre>{@code
 * switch (policy.decide(request)) {
 *     case Decision.Allow a -> send(a.object());
 *     case Decision.Review r -> queue(r);
 *     case Decision.Deny d -> log(d.explain());
 * }
 * }</pre>
 */
public sealed interface Decision {
    /** Every rule that applied, in the order they were checked. */
    List<Applied> rules();

    /** Facts about the object the decision was about. */
    Facts facts();

    /** One word: allow, review or deny. */
    String verdict();

    /** The decision in plain words, one line per rule. */
    default String explain() {
        StringBuilder sb = new StringBuilder();
        sb.append(verdict().toUpperCase(java.util.Locale.ROOT)).append(": ").append(facts().objectId());
        if (facts().partner() != null) {
            sb.append(facts().inbound() ? " from " : " to ").append(facts().partner());
        }
        sb.append('\n');
        for (Applied a : rules()) {
            sb.append("  - [").append(a.rule()).append("] ").append(a.words()).append('\n');
        }
        return sb.toString();
    }

    /** The ids of the rules that applied, for the ledger. */
    default List<String> ruleIds() {
        return rules().stream().map(Applied::rule).toList();
    }

    /** The ids of the rules that made the decision a deny or review (all rules for allow). */
    default List<String> decisiveRuleIds() {
        List<String> decisive = rules().stream().filter(Applied::decisive).map(Applied::rule).toList();
        return decisive.isEmpty() ? ruleIds() : decisive;
    }

    /**
     * The object may cross, as given here (possibly transformed).
     *
     * @param newIds personal SCOs pseudonymised on the way (old id to new id), for the caller to remember
     */
    record Allow(StixObject object, List<Applied> rules, Facts facts, Map<String, String> newIds) implements Decision {
        public Allow {
            rules = List.copyOf(rules);
        }

        @Override
        public String verdict() {
            return "allow";
        }
    }

    /** The object may cross only after a human approves; {@code object} is what would be sent. */
    record Review(StixObject object, List<Applied> rules, Facts facts, Map<String, String> newIds) implements Decision {
        public Review {
            rules = List.copyOf(rules);
        }

        @Override
        public String verdict() {
            return "review";
        }
    }

    /** The object must not cross. */
    record Deny(List<Applied> rules, Facts facts) implements Decision {
        public Deny {
            rules = List.copyOf(rules);
        }

        @Override
        public String verdict() {
            return "deny";
        }
    }

    /**
     * One rule that applied.
     *
     * @param rule     a stable rule id, e.g. {@code tlp-above-agreement} or {@code jurisdiction:core-stays-in-country}
     * @param words    what it means for this object, in plain words
     * @param decisive true when this rule caused a deny or review
     */
    record Applied(String rule, String words, boolean decisive) {
        static Applied info(String rule, String words) {
            return new Applied(rule, words, false);
        }

        static Applied decisive(String rule, String words) {
            return new Applied(rule, words, true);
        }
    }

    /**
     * What was known about the object when deciding.
     *
     * @param objectId  the object's id
     * @param type      its STIX type
     * @param version   its {@code modified} (else {@code created}) timestamp text, or null
     * @param tlp       its effective TLP level (the rules' default when unmarked), or null when not determined
     * @param grade     its effective classification grade, or null when not determined
     * @param partner   the partner's short name
     * @param agreement the agreement applied, or null
     * @param inbound   true for objects coming in
     */
    record Facts(String objectId, String type, String version, Tlp tlp, String grade, String partner,
                 String agreement, boolean inbound) {
    }
}
