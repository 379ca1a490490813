package org.datong.stix;

import org.datong.stix.json.Json;
import org.datong.stix.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PatternHookTest {
    private static final String INDICATOR = """
            {"type":"indicator","spec_version":"2.1","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
             "created":"2016-04-06T20:03:48.000Z","modified":"2016-04-06T20:03:48.000Z",
             "pattern":"%s","pattern_type":"%s","valid_from":"2016-01-01T00:00:00Z"}""";

    private static final PatternChecker REJECT_BROKEN = p -> p.contains("BROKEN") ? Optional.of("unexpected BROKEN") : Optional.empty();

    private static JsonObject indicator(String pattern, String type) {
        return Json.parseObject(INDICATOR.formatted(pattern, type));
    }

    @Test
    void reportsTheCheckersMessageForAnInvalidStixPattern() {
        var findings = Validator.standard().withPatternChecker(REJECT_BROKEN)
                .validate(indicator("[BROKEN", "stix"), "$");
        assertThat(findings).filteredOn(f -> f.rule().equals("indicator-pattern-syntax")).singleElement()
                .satisfies(f -> {
                    assertThat(f.isError()).isTrue();
                    assertThat(f.path()).isEqualTo("$.pattern");
                    assertThat(f.message()).contains("unexpected BROKEN");
                    assertThat(f.objectId()).isEqualTo("indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f");
                });
    }

    @Test
    void leavesPatternsOfOtherLanguagesAlone() {
        var findings = Validator.standard().withPatternChecker(REJECT_BROKEN)
                .validate(indicator("BROKEN snort rule", "snort"), "$");
        assertThat(findings).noneMatch(f -> f.rule().equals("indicator-pattern-syntax"));
    }

    @Test
    void withoutACheckerPatternsAreNotParsed() {
        var findings = Validator.standard().validate(indicator("[BROKEN", "stix"), "$");
        assertThat(findings).noneMatch(f -> f.rule().equals("indicator-pattern-syntax"));
    }
}
