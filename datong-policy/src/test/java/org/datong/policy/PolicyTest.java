package org.datong.policy;

import org.datong.stix.StixObject;
import org.datong.stix.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.datong.policy.Fixtures.ABROAD;
import static org.datong.policy.Fixtures.HOME;
import static org.datong.policy.Fixtures.agreement;
import static org.datong.policy.Fixtures.indicator;
import static org.datong.policy.Fixtures.marks;
import static org.datong.policy.Fixtures.request;

class PolicyTest {
    private final Policy policy = new Policy(Fixtures.cnRules(), Markings.standard());
    private final Agreement amberImportant = agreement("agr-1", HOME, Tlp.AMBER, "important", PersonalData.Treatment.MINIMISE);

    @Test
    void noAgreementDenies() {
        Decision d = policy.decide(request(indicator(""), HOME, List.of()));
        assertThat(d).isInstanceOf(Decision.Deny.class);
        assertThat(d.decisiveRuleIds()).containsExactly("no-agreement");
        assertThat(d.explain()).contains("there is no agreement with partner acme");
    }

    @Test
    void agreementMustBeActiveInItsPeriodAndCoverDirectionCollectionAndType() {
        StixObject o = indicator(marks(Tlp.GREEN.tlp2Id()));
        assertThat(policy.decide(request(o, HOME, List.of(amberImportant.withState(Agreement.State.SUSPENDED)))).decisiveRuleIds())
                .containsExactly("agreement-not-active");
        Agreement ended = new Agreement("agr-2", "acme", Agreement.Direction.SEND, Set.of("*"), Set.of("*"), Tlp.AMBER, "core",
                PersonalData.Treatment.KEEP, false, Set.of(), null, Instant.parse("2026-02-01T00:00:00Z"),
                Agreement.State.ACTIVE, Fixtures.KEY_A);
        Decision d = policy.decide(request(o, HOME, List.of(ended)));
        assertThat(d.decisiveRuleIds()).containsExactly("agreement-not-active");
        assertThat(d.explain()).contains("agreement agr-2 is expired");
        Agreement receiveOnly = new Agreement("agr-3", "acme", Agreement.Direction.RECEIVE, Set.of("*"), Set.of("*"), Tlp.AMBER,
                "core", PersonalData.Treatment.KEEP, false, Set.of(), null, null, Agreement.State.ACTIVE, Fixtures.KEY_A);
        assertThat(policy.decide(request(o, HOME, List.of(receiveOnly))).decisiveRuleIds()).containsExactly("agreement-direction");
        Agreement otherCollection = new Agreement("agr-4", "acme", Agreement.Direction.SEND, Set.of("c9"), Set.of("*"), Tlp.AMBER,
                "core", PersonalData.Treatment.KEEP, false, Set.of(), null, null, Agreement.State.ACTIVE, Fixtures.KEY_A);
        assertThat(policy.decide(request(o, HOME, List.of(otherCollection))).decisiveRuleIds()).containsExactly("collection-not-covered");
        Agreement malwareOnly = new Agreement("agr-5", "acme", Agreement.Direction.SEND, Set.of("*"), Set.of("malware"), Tlp.AMBER,
                "core", PersonalData.Treatment.KEEP, false, Set.of(), null, null, Agreement.State.ACTIVE, Fixtures.KEY_A);
        assertThat(policy.decide(request(o, HOME, List.of(malwareOnly))).decisiveRuleIds()).containsExactly("type-not-covered");
    }

    @Test
    void tlpRedNeverLeavesWithoutAnAgreementAllowingRed() {
        for (String id : List.of(Tlp.RED.tlp1Id(), Tlp.RED.tlp2Id())) {
            Decision d = policy.decide(request(indicator(marks(id)), HOME, List.of(amberImportant)));
            assertThat(d.decisiveRuleIds()).containsExactly("tlp-above-agreement");
        }
        Agreement red = agreement("agr-9", HOME, Tlp.RED, "important", PersonalData.Treatment.MINIMISE);
        assertThat(policy.decide(request(indicator(marks(Tlp.RED.tlp2Id())), HOME, List.of(red))))
                .isInstanceOf(Decision.Allow.class);
    }

    @Test
    void unmarkedObjectsTakeTheRulesDefaultTlp() {
        Agreement green = agreement("agr-1", HOME, Tlp.GREEN, "important", PersonalData.Treatment.MINIMISE);
        Decision d = policy.decide(request(indicator(""), HOME, List.of(green)));
        assertThat(d.decisiveRuleIds()).containsExactly("tlp-above-agreement");
        assertThat(d.explain()).contains("no TLP marking, so the rules' default TLP:AMBER applies");
    }

    @Test
    void unknownMarkingDenies() {
        Decision d = policy.decide(request(indicator(marks("marking-definition--00000000-0000-4000-8000-0000000000ff")), HOME,
                List.of(amberImportant)));
        assertThat(d.decisiveRuleIds()).containsExactly("unknown-marking");
    }

    @Test
    void granularRedPropertyIsLeftOutAndTheRestGoes() {
        StixObject o = indicator(marks(Tlp.GREEN.tlp2Id()) + ", \"description\": \"source: a named human informant\","
                + " \"granular_markings\": [{\"marking_ref\": \"" + Tlp.RED.tlp2Id() + "\", \"selectors\": [\"description\"]}]");
        Decision d = policy.decide(request(o, HOME, List.of(amberImportant)));
        assertThat(d).isInstanceOf(Decision.Allow.class);
        StixObject out = ((Decision.Allow) d).object();
        assertThat(out.get("description")).isNull();
        assertThat(out.get("granular_markings")).isNull();
        assertThat(d.explain()).contains("property description is marked TLP:RED, above TLP:AMBER, so it is left out");
        StixObject required = indicator(marks(Tlp.GREEN.tlp2Id())
                + ", \"granular_markings\": [{\"marking_ref\": \"" + Tlp.RED.tlp2Id() + "\", \"selectors\": [\"pattern\"]}]");
        assertThat(policy.decide(request(required, HOME, List.of(amberImportant))).decisiveRuleIds())
                .containsExactly("granular-tlp-above-agreement");
    }

    @Test
    void gradesComeFromMarkingCollectionOrRecordAndAreOnlyRaised() {
        StixObject general = indicator(marks(Tlp.GREEN.tlp2Id(), GradeScheme.markingId("general")));
        Policy.Request r = new Policy.Request(general, HOME, List.of(amberImportant), "c1", "important", null, Fixtures.NOW, null, null);
        Decision d = policy.decide(r);
        StixObject out = ((Decision.Allow) d).object();
        assertThat(out.objectMarkingRefs()).contains(GradeScheme.markingId("important")).doesNotContain(GradeScheme.markingId("general"));
        assertThat(d.facts().grade()).isEqualTo("important");
        Policy.Request recordedCore = new Policy.Request(general, HOME, List.of(amberImportant), "c1", null, "core", Fixtures.NOW, null, null);
        assertThat(policy.decide(recordedCore).decisiveRuleIds()).containsExactly("grade-above-agreement");
    }

    @Test
    void coreStaysInTheCountryAndImportantAbroadGoesToReview() {
        Agreement all = agreement("agr-1", ABROAD, Tlp.RED, "core", PersonalData.Treatment.KEEP);
        StixObject core = indicator(marks(Tlp.CLEAR.tlp2Id(), GradeScheme.markingId("core")));
        assertThat(policy.decide(request(core, ABROAD, List.of(all))).decisiveRuleIds()).containsExactly("jurisdiction:core-stays-in-country");
        Agreement home = agreement("agr-1", HOME, Tlp.RED, "core", PersonalData.Treatment.KEEP);
        assertThat(policy.decide(request(core, HOME, List.of(home)))).isInstanceOf(Decision.Allow.class);
        StixObject important = indicator(marks(Tlp.CLEAR.tlp2Id(), GradeScheme.markingId("important")));
        Decision d = policy.decide(request(important, ABROAD, List.of(all)));
        assertThat(d).isInstanceOf(Decision.Review.class);
        assertThat(d.explain()).contains("important data needs a human review before it leaves the country; partner beta is abroad (DE)");
    }

    @Test
    void agreementReviewGradesSendToReview() {
        Agreement a = new Agreement("agr-1", "acme", Agreement.Direction.SEND, Set.of("*"), Set.of("*"), Tlp.AMBER, "core",
                PersonalData.Treatment.MINIMISE, false, Set.of("general"), null, null, Agreement.State.ACTIVE, Fixtures.KEY_A);
        Decision d = policy.decide(request(indicator(marks(Tlp.GREEN.tlp2Id())), HOME, List.of(a)));
        assertThat(d).isInstanceOf(Decision.Review.class);
        assertThat(d.decisiveRuleIds()).containsExactly("agreement-review-grade");
    }

    @Test
    void rulesRequireMinimisingEvenWhenTheAgreementWouldKeep() {
        Agreement keep = agreement("agr-1", HOME, Tlp.AMBER, "core", PersonalData.Treatment.KEEP);
        StixObject o = indicator(marks(Tlp.GREEN.tlp2Id()) + ", \"description\": \"victim: wang@example.cn\"");
        Decision d = policy.decide(request(o, HOME, List.of(keep)));
        assertThat(((Decision.Allow) d).object().getString("description")).doesNotContain("wang@example.cn");
        assertThat(d.explain()).contains("required by the jurisdiction rules");
    }

    @Test
    void inboundObjectsAboveTheAgreementOrWithALoweredGradeAreRefused() {
        Agreement a = agreement("agr-1", HOME, Tlp.AMBER, "important", PersonalData.Treatment.KEEP);
        StixObject important = indicator(marks(GradeScheme.markingId("important")));
        assertThat(policy.admit(request(important, HOME, List.of(a)))).isInstanceOf(Decision.Allow.class);
        Policy.Request lowered = new Policy.Request(indicator(marks(GradeScheme.markingId("general"))), HOME, List.of(a), "c1", null,
                "important", Fixtures.NOW, null, null);
        assertThat(policy.admit(lowered).decisiveRuleIds()).containsExactly("grade-lowered");
        assertThat(policy.admit(request(indicator(marks(GradeScheme.markingId("core"))), HOME, List.of(a))).decisiveRuleIds())
                .containsExactly("grade-above-agreement");
    }

    @Test
    void markingDefinitionsCrossWithAnyAgreementForTheCollection() {
        Agreement indicatorsOnly = new Agreement("agr-1", "acme", Agreement.Direction.SEND, Set.of("*"), Set.of("indicator"),
                Tlp.AMBER, "core", PersonalData.Treatment.KEEP, false, Set.of(), null, null, Agreement.State.ACTIVE, Fixtures.KEY_A);
        StixObject def = StixObject.of(Json.parseObject("""
                {"type": "marking-definition", "spec_version": "2.1", "id": "marking-definition--d3c8f2a1-1b2c-4d3e-8f4a-5b6c7d8e9f01",
                 "created": "2026-01-01T00:00:00.000Z", "definition_type": "statement", "definition": {"statement": "Copyright 2026 Acme"},
                 "object_marking_refs": ["%s"]}""".formatted(Tlp.CLEAR.tlp2Id())));
        assertThat(policy.decide(request(def, HOME, List.of(indicatorsOnly)))).isInstanceOf(Decision.Allow.class);
    }
}
