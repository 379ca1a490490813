package org.datong.policy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JurisdictionRulesTest {
    @Test
    void defaultsAreSafe() {
        JurisdictionRules r = JurisdictionRules.defaults();
        assertThat(r.jurisdiction()).isEqualTo("ZZ");
        assertThat(r.foreign("CN")).isTrue();
        assertThat(r.defaultTlp()).isEqualTo(Tlp.AMBER);
        assertThat(r.rules()).extracting(JurisdictionRules.Rule::id)
                .containsExactly("core-stays-in-country", "important-abroad-needs-review", "personal-data-minimised");
    }

    @Test
    void everyProblemIsReportedWithFileAndPath() {
        String text = """
                {"format": 1, "jurisdiction": "cn", "default_tlp": "purple", "colour": 1,
                 "rules": [{"id": "Bad Id", "action": "dney", "grades": ["secret"], "destination": "abroad"},
                           {"id": "ok", "action": "deny", "personal_data": "yes"},
                           {"id": "ok", "action": "review"}]}""";
        assertThatThrownBy(() -> JurisdictionRules.parse(text, "rules.json"))
                .isInstanceOf(RulesException.class)
                .satisfies(e -> assertThat(((RulesException) e).problems()).containsExactly(
                        "rules.json: $.colour: unknown member 'colour'; expected one of default_grade, default_tlp, format, grade_scheme, jurisdiction, personal_ip_addresses, rules",
                        "rules.json: $.jurisdiction: write the country code in upper case: \"CN\"",
                        "rules.json: $.default_tlp: 'purple' is not a TLP level; expected one of clear, green, amber, amber+strict, red",
                        "rules.json: $.rules[0].id: 'Bad Id' is not a rule id; use lower-case letters, digits and '-'",
                        "rules.json: $.rules[0].destination: 'abroad' is not a destination; expected one of foreign, domestic, any",
                        "rules.json: $.rules[0].grades[0]: 'secret' is not a grade; expected one of general, important, core",
                        "rules.json: $.rules[0].action: 'dney' is not an action; expected one of deny, review, minimise, drop-personal-data",
                        "rules.json: $.rules[1].personal_data: expected true or false but found string",
                        "rules.json: $.rules[2].id: rule id 'ok' is used twice"));
    }

    @Test
    void brokenJsonAndMissingMembersAreNamed() {
        assertThatThrownBy(() -> JurisdictionRules.parse("{\"format\": 1,", "r.json"))
                .hasMessageStartingWith("r.json: not valid JSON: ");
        assertThatThrownBy(() -> JurisdictionRules.parse("{}", "r.json"))
                .hasMessage("r.json: $.format: missing; write \"format\": 1\n"
                        + "r.json: $.jurisdiction: missing\n"
                        + "r.json: $.rules: missing; write \"rules\": [] for no rules");
        assertThatThrownBy(() -> JurisdictionRules.parse("{\"format\": 2, \"jurisdiction\": \"XQ\", \"rules\": []}", "r.json"))
                .hasMessage("r.json: $.format: unsupported format 2; this version of Datong reads format 1\n"
                        + "r.json: $.jurisdiction: jurisdiction 'XQ' is not an ISO 3166-1 alpha-2 country code (for example CN, DE, US), or ZZ when unknown");
    }

    @Test
    void customGradeSchemeIsUsedForRulesAndDefaults() throws Exception {
        JurisdictionRules r = JurisdictionRules.parse("""
                {"format": 1, "jurisdiction": "DE", "grade_scheme": ["public", "internal", "secret"], "default_grade": "internal",
                 "rules": [{"id": "secret-home", "grades": ["secret"], "destination": "foreign", "action": "deny"}]}""", "r");
        assertThat(r.scheme().grades()).containsExactly("public", "internal", "secret");
        assertThat(r.defaultGrade()).isEqualTo("internal");
        assertThat(r.foreign("DE")).isFalse();
        assertThat(r.rules().get(0).matches(true, "secret", "indicator")).isTrue();
        assertThat(r.rules().get(0).matches(false, "secret", "indicator")).isFalse();
    }
}
