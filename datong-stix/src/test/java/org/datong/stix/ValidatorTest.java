package org.datong.stix;

import org.datong.stix.json.Json;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One test per rule of the specification, each with a valid and an invalid
 * case written from the specification text (section named per test).
 */
class ValidatorTest {
    private static final String INDICATOR = """
            {"type":"indicator","spec_version":"2.1","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
             "created":"2016-04-06T20:03:48.000Z","modified":"2016-04-06T20:03:48.000Z",
             "indicator_types":["malicious-activity"],"name":"Poison Ivy Malware",
             "pattern":"[file:hashes.'SHA-256' = '4bac27393bdd9777ce02453256c5577cd02275510b2227f473d03f533924f877']",
             "pattern_type":"stix","valid_from":"2016-01-01T00:00:00Z"}""";

    private static final String FILE = """
            {"type":"file","spec_version":"2.1","id":"file--949eb97a-da1e-5292-8959-03c4249dc9f3",
             "hashes":{"SHA-256":"fe90a7e910cb3a4739bed9180e807e93fa70c90f25a8915476f5e4bfbac681db"},
             "size":25536,"name":"foo.dll"}""";

    private static JsonObject parse(String json) {
        return Json.parseObject(json);
    }

    private static List<Finding> check(JsonObject o) {
        return Validator.standard().validate(o, "$");
    }

    private static List<Finding> check(String json) {
        return check(parse(json));
    }

    private static List<Finding> with(String base, String property, String valueJson) {
        return check(parse(base).with(property, Json.parse(valueJson)));
    }

    private static List<Finding> without(String base, String property) {
        return check(parse(base).without(property));
    }

    private static List<String> errors(List<Finding> findings) {
        return findings.stream().filter(Finding::isError).map(Finding::rule).toList();
    }

    private static List<String> warnings(List<Finding> findings) {
        return findings.stream().filter(f -> !f.isError()).map(Finding::rule).toList();
    }

    @Test
    void acceptsTheSpecificationsIndicatorAndFileExamples() {
        assertThat(check(INDICATOR)).isEmpty();
        assertThat(check(FILE)).isEmpty();
    }

    // ---- 3.2 common properties ----

    @Test
    void rejectsAMissingRequiredPropertyAndNamesIt() {
        List<Finding> f = without(INDICATOR, "valid_from");
        assertThat(errors(f)).containsExactly("required-property");
        assertThat(f.getFirst().path()).isEqualTo("$.valid_from");
        assertThat(f.getFirst().objectId()).isEqualTo("indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f");
        assertThat(f.getFirst().section()).isEqualTo("4.7");
    }

    @Test
    void explainsThatStix20ContentLacksSpecVersion() {
        List<Finding> f = without(INDICATOR, "spec_version");
        assertThat(errors(f)).containsExactly("required-property");
        assertThat(f.getFirst().message()).contains("STIX 2.0");
    }

    @Test
    void rejectsASpecVersionOtherThan21() {
        assertThat(errors(with(INDICATOR, "spec_version", "\"2.0\""))).containsExactly("spec-version");
    }

    @Test
    void rejectsModifiedBeforeCreated() {
        assertThat(errors(with(INDICATOR, "modified", "\"2016-04-06T20:03:47.999Z\"")))
                .containsExactly("modified-before-created");
        assertThat(errors(with(INDICATOR, "modified", "\"2016-04-06T20:03:48.001Z\""))).isEmpty();
    }

    @Test
    void requiresMillisecondPrecisionOnCreatedAndModified() {
        assertThat(errors(with(INDICATOR, "created", "\"2016-04-06T20:03:48Z\""))).containsExactly("timestamp-precision");
        assertThat(errors(with(INDICATOR, "created", "\"2016-04-06T20:03:47.000001Z\""))).isEmpty();
    }

    @Test
    void confidenceMustBeBetween0And100() {
        assertThat(errors(with(INDICATOR, "confidence", "100"))).isEmpty();
        assertThat(errors(with(INDICATOR, "confidence", "101"))).containsExactly("value-range");
        assertThat(errors(with(INDICATOR, "confidence", "-1"))).containsExactly("value-range");
        assertThat(errors(with(INDICATOR, "confidence", "\"high\""))).containsExactly("property-type");
    }

    @Test
    void langMustBeAnRfc5646Tag() {
        assertThat(errors(with(INDICATOR, "lang", "\"zh-Hans-CN\""))).isEmpty();
        assertThat(errors(with(INDICATOR, "lang", "\"english language\""))).containsExactly("lang");
    }

    @Test
    void createdByRefMustPointToAnIdentity() {
        assertThat(errors(with(INDICATOR, "created_by_ref", "\"identity--f431f809-377b-45e0-aa1c-6a4751cae5ff\"")))
                .isEmpty();
        List<Finding> f = with(INDICATOR, "created_by_ref", "\"malware--f431f809-377b-45e0-aa1c-6a4751cae5ff\"");
        assertThat(errors(f)).containsExactly("reference-type");
        assertThat(f.getFirst().path()).isEqualTo("$.created_by_ref");
    }

    @Test
    void defangedIsOnlyForCyberObservables() {
        assertThat(errors(with(INDICATOR, "defanged", "true"))).containsExactly("not-applicable-property");
        assertThat(errors(with(FILE, "defanged", "true"))).isEmpty();
    }

    @Test
    void cyberObservablesHaveNoCreatorOrVersion() {
        assertThat(errors(with(FILE, "created", "\"2016-04-06T20:03:48.000Z\""))).containsExactly("not-applicable-property");
    }

    @Test
    void reservedPropertyNamesAreRejected() {
        assertThat(errors(with(INDICATOR, "severity", "\"high\""))).containsExactly("reserved-property");
    }

    @Test
    void emptyListsAndDictionariesAreRejected() {
        assertThat(errors(with(INDICATOR, "labels", "[]"))).containsExactly("empty-list");
        assertThat(errors(with(FILE, "hashes", "{}"))).contains("empty-dictionary");
    }

    @Test
    void externalReferencesNeedMoreThanASourceName() {
        assertThat(errors(with(INDICATOR, "external_references", "[{\"source_name\":\"acme\",\"url\":\"https://a.example\"}]")))
                .isEmpty();
        List<Finding> f = with(INDICATOR, "external_references", "[{\"source_name\":\"acme\"}]");
        assertThat(errors(f)).containsExactly("external-reference");
        assertThat(f.getFirst().path()).isEqualTo("$.external_references[0]");
    }

    @Test
    void capecAndCveIdentifiersMustHaveTheirFormat() {
        String ap = """
                {"type":"attack-pattern","spec_version":"2.1","id":"attack-pattern--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061",
                 "created":"2016-05-12T08:17:27.000Z","modified":"2016-05-12T08:17:27.000Z","name":"Spear Phishing",
                 "external_references":[{"source_name":"capec","external_id":"CAPEC-163"}]}""";
        assertThat(check(ap)).isEmpty();
        assertThat(errors(check(ap.replace("CAPEC-163", "163")))).containsExactly("external-reference");
    }

    // ---- 2.9 identifiers ----

    @Test
    void identifiersNeedTheTypePrefixAndAnRfc4122Uuid() {
        assertThat(errors(with(INDICATOR, "id", "\"malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\"")))
                .containsExactly("identifier-type");
        assertThat(errors(with(INDICATOR, "id", "\"indicator--8e2e2d2b-17d4-4cbf-938f\""))).containsExactly("identifier-syntax");
        // variant bits not RFC 4122 (first digit of the fourth group must be 8, 9, a or b)
        assertThat(errors(with(INDICATOR, "id", "\"indicator--8e2e2d2b-17d4-4cbf-738f-98ee46b3cd3f\"")))
                .containsExactly("identifier-syntax");
    }

    @Test
    void domainObjectsShouldUseRandomUuids() {
        List<Finding> f = with(INDICATOR, "id", "\"indicator--8e2e2d2b-17d4-5cbf-938f-98ee46b3cd3f\"");
        assertThat(errors(f)).isEmpty();
        assertThat(warnings(f)).containsExactly("identifier-version");
    }

    @Test
    void warnsWhenAnScoIdIsNotTheDeterministicOne() {
        assertThat(warnings(check(FILE))).isEmpty();
        List<Finding> f = with(FILE, "id", "\"file--2e202cb3-6639-4fa4-8700-57ad24b9e246\"");
        assertThat(warnings(f)).containsExactly("sco-id-deterministic");
        assertThat(errors(f)).isEmpty();
        assertThat(f.getFirst().message()).contains("file--949eb97a-da1e-5292-8959-03c4249dc9f3");
    }

    // ---- 2.16 timestamps and their order ----

    @Test
    void timestampsMustBeRfc3339InUtc() {
        assertThat(errors(with(INDICATOR, "valid_from", "\"2016-01-01T00:00:00+01:00\""))).containsExactly("timestamp-syntax");
        assertThat(errors(with(INDICATOR, "valid_from", "\"2016-02-30T00:00:00Z\""))).containsExactly("timestamp-syntax");
        assertThat(errors(with(INDICATOR, "valid_from", "\"2016-01-01\""))).containsExactly("timestamp-syntax");
    }

    @Test
    void validUntilMustBeLaterThanValidFrom() {
        assertThat(errors(with(INDICATOR, "valid_until", "\"2016-01-01T00:00:00Z\""))).containsExactly("timestamp-order");
        assertThat(errors(with(INDICATOR, "valid_until", "\"2016-01-01T00:00:00.001Z\""))).isEmpty();
    }

    @Test
    void lastSeenMayEqualButNotPrecedeFirstSeen() {
        String campaign = """
                {"type":"campaign","spec_version":"2.1","id":"campaign--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                 "created":"2016-04-06T20:03:00.000Z","modified":"2016-04-06T20:03:00.000Z","name":"Green Group Attacks",
                 "first_seen":"2016-01-01T00:00:00Z","last_seen":"2016-01-01T00:00:00Z"}""";
        assertThat(check(campaign)).isEmpty();
        assertThat(errors(with(campaign, "last_seen", "\"2015-12-31T23:59:59Z\""))).containsExactly("timestamp-order");
    }

    @Test
    void observedDataTimesCountsAndContent() {
        String od = """
                {"type":"observed-data","spec_version":"2.1","id":"observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf",
                 "created":"2016-04-06T19:58:16.000Z","modified":"2016-04-06T19:58:16.000Z",
                 "first_observed":"2015-12-21T19:00:00Z","last_observed":"2015-12-21T19:00:00Z","number_observed":50,
                 "object_refs":["ipv4-addr--efcd5e80-570d-4131-b213-62cb18eaa6a8"]}""";
        assertThat(check(od)).isEmpty();
        assertThat(errors(with(od, "number_observed", "0"))).containsExactly("value-range");
        assertThat(errors(with(od, "number_observed", "1000000000"))).containsExactly("value-range");
        assertThat(errors(with(od, "last_observed", "\"2015-12-21T18:59:59Z\""))).containsExactly("timestamp-order");
        assertThat(errors(with(od, "object_refs", "[\"malware--efcd5e80-570d-4131-b213-62cb18eaa6a8\"]")))
                .contains("reference-type", "observed-data-content");
        assertThat(errors(without(od, "object_refs"))).containsExactly("observed-data-content");
    }

    @Test
    void relationshipsConnectDomainObjectsOrObservablesWithALowercaseType() {
        String rel = """
                {"type":"relationship","spec_version":"2.1","id":"relationship--57b56a43-b8b0-4cba-9deb-34e3e1faed9e",
                 "created":"2016-04-06T20:06:37.000Z","modified":"2016-04-06T20:06:37.000Z","relationship_type":"indicates",
                 "source_ref":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                 "target_ref":"malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b"}""";
        assertThat(check(rel)).isEmpty();
        assertThat(errors(with(rel, "target_ref", "\"marking-definition--31b940d4-6f7f-459a-80ea-9c1f17b5891b\"")))
                .containsExactly("reference-type");
        assertThat(errors(with(rel, "relationship_type", "\"Indicates\""))).containsExactly("relationship-type");
        assertThat(errors(check(parse(rel).with("start_time", Json.parse("\"2016-01-01T00:00:00Z\""))
                .with("stop_time", Json.parse("\"2016-01-01T00:00:00Z\""))))).containsExactly("timestamp-order");
    }

    @Test
    void sightingsReferToDomainObjectsAndCountWithinRange() {
        String s = """
                {"type":"sighting","spec_version":"2.1","id":"sighting--ee20065d-2555-424f-ad9e-0f8428623c75",
                 "created":"2016-04-06T20:08:31.000Z","modified":"2016-04-06T20:08:31.000Z",
                 "sighting_of_ref":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","count":0,
                 "where_sighted_refs":["identity--b67d30ff-02ac-498a-92f9-32f845f448ff"]}""";
        assertThat(check(s)).isEmpty();
        assertThat(errors(with(s, "sighting_of_ref", "\"relationship--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\"")))
                .containsExactly("reference-type");
        assertThat(errors(with(s, "count", "1000000000"))).containsExactly("value-range");
        assertThat(errors(with(s, "where_sighted_refs", "[\"malware--b67d30ff-02ac-498a-92f9-32f845f448ff\"]")))
                .containsExactly("reference-type");
    }

    // ---- vocabularies (section 10) ----

    @Test
    void openVocabularyValuesOutsideTheListAreWarnings() {
        List<Finding> f = with(INDICATOR, "indicator_types", "[\"malicious-activity\",\"suspicious\"]");
        assertThat(errors(f)).isEmpty();
        assertThat(warnings(f)).containsExactly("open-vocabulary");
        assertThat(f.getFirst().path()).isEqualTo("$.indicator_types[1]");
        assertThat(f.getFirst().section()).isEqualTo("10.10");
    }

    @Test
    void closedEnumerationValuesOutsideTheListAreErrors() {
        String opinion = """
                {"type":"opinion","spec_version":"2.1","id":"opinion--b01efc25-77b4-4003-b18b-f6e24b5cd9f7",
                 "created":"2016-05-12T08:17:27.000Z","modified":"2016-05-12T08:17:27.000Z",
                 "object_refs":["relationship--16d2358f-3b0d-4c88-b047-0da2f7ed4471"],"opinion":"strongly-disagree"}""";
        assertThat(check(opinion)).isEmpty();
        assertThat(errors(with(opinion, "opinion", "\"meh\""))).containsExactly("closed-vocabulary");
    }

    // ---- 2.7 hashes ----

    @Test
    void hashValuesMustHaveTheirAlgorithmsShape() {
        assertThat(errors(with(FILE, "hashes", "{\"MD5\":\"3773a88f65a5e780c8dff9cdc3a056f3\"}"))).isEmpty();
        assertThat(errors(with(FILE, "hashes", "{\"MD5\":\"3773a88f65a5e780c8dff9cdc3a056f\"}"))).containsExactly("hash-value");
        assertThat(errors(with(FILE, "hashes", "{\"SHA-1\":\"zz73a88f65a5e780c8dff9cdc3a056f3aabbccdd\"}")))
                .containsExactly("hash-value");
    }

    @Test
    void unknownHashAlgorithmNamesAreWarningsWithTheSpecSpelling() {
        List<Finding> f = with(FILE, "hashes", "{\"sha256\":\"fe90a7e910cb3a4739bed9180e807e93fa70c90f25a8915476f5e4bfbac681db\"}");
        assertThat(warnings(f)).contains("hash-algorithm");
        assertThat(f.stream().filter(x -> x.rule().equals("hash-algorithm")).findFirst().orElseThrow().message())
                .contains("SHA-256");
        assertThat(errors(with(FILE, "hashes", "{\"x\":\"ab\"}"))).contains("hash-algorithm");
    }

    // ---- 3.1, 11 custom content ----

    @Test
    void customPropertiesMustUseLowercaseNamesOfThreeTo250Characters() {
        assertThat(check(parse(INDICATOR).with("x_acme_score", JsonValue.of(10)))).isEmpty();
        assertThat(errors(with(INDICATOR, "x_AcmeScore", "10"))).containsExactly("custom-property-name");
        assertThat(errors(with(INDICATOR, "xy", "10"))).containsExactly("custom-property-name");
        assertThat(warnings(with(INDICATOR, "acme_score", "10"))).containsExactly("custom-property-prefix");
    }

    @Test
    void customObjectsAreKeptAndTheirTypeNameChecked() {
        String custom = """
                {"type":"x-example-com-customobject","id":"x-example-com-customobject--4527e5de-8572-446a-a57a-706f15467461",
                 "created":"2016-08-01T00:00:00.000Z","modified":"2016-08-01T00:00:00.000Z",
                 "some_custom_stuff":14,"other_custom_stuff":"hello"}""";
        assertThat(check(custom)).isEmpty();
        String badType = custom.replace("x-example-com-customobject", "X--Bad");
        assertThat(errors(check(badType))).contains("custom-type-name");
    }

    @Test
    void typesDefinedByAnExtensionFollowTheRulesOfTheirKind() {
        String sdo = """
                {"type":"x-acme-campaign-note","spec_version":"2.1","id":"x-acme-campaign-note--4527e5de-8572-446a-a57a-706f15467461",
                 "created":"2016-08-01T00:00:00.000Z","modified":"2016-08-01T00:00:00.000Z","summary_text":"hello",
                 "extensions":{"extension-definition--9c59fd79-4215-4ba2-920d-3e4f320e1e62":{"extension_type":"new-sdo"}}}""";
        assertThat(check(sdo)).isEmpty();
        assertThat(errors(without(sdo, "modified"))).containsExactly("required-property");
        String sco = sdo.replace("new-sdo", "new-sco");
        assertThat(errors(check(sco))).containsExactly("not-applicable-property", "not-applicable-property");
    }

    // ---- extensions (3.2, 6, 7.3, 11.3) ----

    @Test
    void predefinedExtensionsAreCheckedAgainstTheirTables() {
        JsonObject ok = parse(FILE).with("extensions", Json.parse(
                "{\"ntfs-ext\":{\"alternate_data_streams\":[{\"name\":\"second.stream\",\"size\":25536}]}}"));
        assertThat(errors(check(ok))).isEmpty();
        JsonObject missing = parse(FILE).with("extensions", Json.parse("{\"archive-ext\":{\"comment\":\"x\"}}"));
        assertThat(errors(check(missing))).containsExactly("required-property");
        JsonObject wrongPlace = parse(FILE).with("extensions", Json.parse("{\"tcp-ext\":{\"src_flags_hex\":\"00\"}}"));
        assertThat(errors(check(wrongPlace))).containsExactly("extension-name");
        JsonObject empty = parse(FILE).with("extensions", Json.parse("{\"pdf-ext\":{}}"));
        assertThat(errors(check(empty))).containsExactly("extension");
    }

    @Test
    void extensionDefinitionExtensionsStateTheirType() {
        String key = "extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e";
        assertThat(errors(with(INDICATOR, "extensions",
                "{\"" + key + "\":{\"extension_type\":\"property-extension\",\"rank\":5}}"))).isEmpty();
        assertThat(errors(with(INDICATOR, "extensions", "{\"" + key + "\":{\"rank\":5}}"))).containsExactly("extension-type");
        assertThat(errors(with(INDICATOR, "extensions",
                "{\"" + key + "\":{\"extension_type\":\"new-sdo\"}}"))).containsExactly("extension-type");
        assertThat(errors(with(INDICATOR, "extensions",
                "{\"" + key + "\":{\"extension_type\":\"plugin\"}}"))).containsExactly("closed-vocabulary");
        assertThat(errors(with(INDICATOR, "extensions", "{\"x-acme-ext\":{\"rank\":5}}"))).containsExactly("extension-name");
    }

    @Test
    void topLevelPropertyExtensionsMayAddUnprefixedProperties() {
        String key = "extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e";
        JsonObject o = parse(INDICATOR).with("extensions", Json.parse(
                "{\"" + key + "\":{\"extension_type\":\"toplevel-property-extension\"}}"))
                .with("rank", JsonValue.of(5));
        assertThat(check(o)).isEmpty();
    }

    // ---- 7.2 markings ----

    @Test
    void granularMarkingSelectorsMustResolveInsideTheObject() {
        String marked = """
                [{"marking_ref":"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
                  "selectors":["name","indicator_types.[0]","pattern"]}]""";
        assertThat(check(parse(INDICATOR).with("granular_markings", Json.parse(marked)))).isEmpty();
        List<Finding> f = with(INDICATOR, "granular_markings", """
                [{"marking_ref":"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
                  "selectors":["description","indicator_types.[3]"]}]""");
        assertThat(errors(f)).containsExactly("granular-marking-selector", "granular-marking-selector");
        assertThat(f.getFirst().path()).isEqualTo("$.granular_markings[0].selectors[0]");
    }

    @Test
    void granularMarkingsHaveEitherLangOrMarkingRef() {
        assertThat(errors(with(INDICATOR, "granular_markings", "[{\"lang\":\"en\",\"selectors\":[\"name\"]}]"))).isEmpty();
        assertThat(errors(with(INDICATOR, "granular_markings", "[{\"selectors\":[\"name\"]}]"))).containsExactly("granular-marking");
        assertThat(errors(with(INDICATOR, "granular_markings", """
                [{"lang":"en","marking_ref":"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da","selectors":["name"]}]""")))
                .containsExactly("granular-marking");
    }

    @Test
    void tlpMarkingDefinitionsMustBeTheStandardOnes() {
        String green = """
                {"type":"marking-definition","spec_version":"2.1","id":"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
                 "created":"2017-01-20T00:00:00.000Z","definition_type":"tlp","name":"TLP:GREEN","definition":{"tlp":"green"}}""";
        assertThat(check(green)).isEmpty();
        assertThat(errors(check(green.replace("34098fce", "44098fce")))).containsExactly("tlp-marking");
        assertThat(errors(check(green.replace("\"green\"", "\"clear\"")))).containsExactly("tlp-marking");
        assertThat(errors(with(green, "modified", "\"2017-01-20T00:00:00.000Z\""))).containsExactly("not-applicable-property");
    }

    @Test
    void tlp2MarkingsUseTheirExtension() {
        String clear = """
                {"type":"marking-definition","spec_version":"2.1","id":"marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
                 "created":"2022-10-01T00:00:00.000Z","name":"TLP:CLEAR",
                 "extensions":{"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":
                   {"extension_type":"property-extension","tlp_2_0":"clear"}}}""";
        assertThat(check(clear)).isEmpty();
        assertThat(errors(check(clear.replace("\"clear\"", "\"white\"")))).containsExactly("tlp-marking");
    }

    @Test
    void statementMarkingsNeedTheirStatement() {
        String st = """
                {"type":"marking-definition","spec_version":"2.1","id":"marking-definition--d81f86b9-975b-4c0b-875e-810c5ad45a4f",
                 "created":"2017-04-14T13:07:49.812Z","definition_type":"statement",
                 "definition":{"statement":"Copyright 2016, Example Corp"}}""";
        assertThat(check(st)).isEmpty();
        assertThat(errors(with(st, "definition", "{\"text\":\"x\"}"))).containsExactly("required-property");
    }

    // ---- per-type rules of sections 4 and 6 ----

    @Test
    void locationsNeedRegionCountryOrCoordinatesWithinRange() {
        String loc = """
                {"type":"location","spec_version":"2.1","id":"location--a6e9345f-5a15-4c29-8bb3-7dcc5d168d64",
                 "created":"2016-04-06T20:03:00.000Z","modified":"2016-04-06T20:03:00.000Z",
                 "latitude":48.8566,"longitude":2.3522}""";
        assertThat(check(loc)).isEmpty();
        assertThat(errors(with(loc, "latitude", "90.5"))).containsExactly("value-range");
        assertThat(errors(without(loc, "longitude"))).contains("dependent-property", "at-least-one");
    }

    @Test
    void malwareFamiliesNeedAName() {
        String m = """
                {"type":"malware","spec_version":"2.1","id":"malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b",
                 "created":"2016-04-06T20:07:09.000Z","modified":"2016-04-06T20:07:09.000Z","is_family":true,
                 "name":"Poison Ivy","malware_types":["remote-access-trojan"]}""";
        assertThat(check(m)).isEmpty();
        assertThat(errors(without(m, "name"))).containsExactly("malware-family-name");
    }

    @Test
    void artifactsHaveExactlyOneOfPayloadAndUrl() {
        String a = """
                {"type":"artifact","spec_version":"2.1","id":"artifact--6f437177-6e48-5cf8-9d9e-872a2bddd641",
                 "mime_type":"application/zip","payload_bin":"ZX7HIBWPpwA="}""";
        assertThat(errors(check(a))).isEmpty();
        assertThat(errors(with(a, "url", "\"https://example.com/a.zip\""))).containsExactly("artifact-content");
        assertThat(errors(with(a, "payload_bin", "\"not base64!\""))).containsExactly("binary-syntax");
        assertThat(errors(with(a, "decryption_key", "\"secret\""))).containsExactly("dependent-property");
    }

    @Test
    void networkTrafficPortsAndActivity() {
        String nt = """
                {"type":"network-traffic","spec_version":"2.1","id":"network-traffic--2568d22a-8998-58eb-99ec-3c8ca74f527d",
                 "src_ref":"ipv4-addr--4d22aae0-2bf9-5427-8819-e4f6abf20a53","dst_port":443,"protocols":["tcp"]}""";
        assertThat(errors(check(nt))).isEmpty();
        assertThat(errors(with(nt, "dst_port", "65536"))).containsExactly("value-range");
        assertThat(errors(with(nt, "src_ref", "\"file--4d22aae0-2bf9-5427-8819-e4f6abf20a53\""))).containsExactly("reference-type");
        assertThat(errors(check(parse(nt).with("is_active", JsonValue.of(true))
                .with("end", JsonValue.of("2016-01-01T00:00:00Z"))))).containsExactly("dependent-property");
        assertThat(errors(check(parse(nt).without("src_ref")))).containsExactly("at-least-one");
    }

    @Test
    void filesNeedHashesOrAName() {
        assertThat(errors(check(parse(FILE).without("hashes").without("name")))).containsExactly("at-least-one");
        assertThat(errors(with(FILE, "magic_number_hex", "\"FFD8\""))).containsExactly("hex-syntax");
        assertThat(errors(with(FILE, "magic_number_hex", "\"ffd8\""))).isEmpty();
    }

    @Test
    void numbersBeyondWhatStixJsonCanCarryAreReported() {
        assertThat(errors(with(INDICATOR, "x_acme_score", "1e400"))).containsExactly("number-range");
        assertThat(errors(with(INDICATOR, "confidence", "1e400"))).contains("number-range");
        assertThat(warnings(with(INDICATOR, "x_acme_big", "123456789012345678901"))).containsExactly("number-precision");
    }

    @Test
    void extensionDefinitionsOnlyListPropertiesForTopLevelExtensions() {
        String ed = """
                {"type":"extension-definition","spec_version":"2.1","id":"extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e",
                 "created":"2014-02-20T09:16:08.989Z","modified":"2014-02-20T09:16:08.989Z",
                 "created_by_ref":"identity--11b76a96-5d2b-45e0-8a5a-f6994f370731","name":"Extension Foo Bar",
                 "schema":"https://www.example.com/schema-foo-1/v1/","version":"1.2.1","extension_types":["property-extension"]}""";
        assertThat(check(ed)).isEmpty();
        assertThat(errors(with(ed, "extension_properties", "[\"rank\"]"))).containsExactly("dependent-property");
        assertThat(errors(with(ed, "extension_types", "[\"new-thing\"]"))).containsExactly("closed-vocabulary");
        assertThat(errors(without(ed, "created_by_ref"))).containsExactly("required-property");
    }

    @Test
    void languageContentKeysAreLanguageTags() {
        String lc = """
                {"type":"language-content","spec_version":"2.1","id":"language-content--b86bd89f-98bb-4fa9-8cb2-9ad421da981d",
                 "created":"2017-02-08T21:31:22.007Z","modified":"2017-02-08T21:31:22.007Z",
                 "object_ref":"campaign--12a111f0-b824-4baf-a224-83b80237a094","object_modified":"2017-02-08T21:31:22.007Z",
                 "contents":{"de":{"name":"Bank Angriff 1"}}}""";
        assertThat(check(lc)).isEmpty();
        assertThat(errors(with(lc, "contents", "{\"deutsch sprache\":{\"name\":\"x\"}}"))).contains("lang");
    }

    @Test
    void nonObjectsAndObjectsWithoutTypeAreNotStix() {
        assertThat(errors(Validator.standard().validate(Json.parse("[1,2]"), "$"))).containsExactly("not-an-object");
        List<Finding> f = check("{\"name\":\"hello\"}");
        assertThat(errors(f)).contains("required-property");
        assertThat(f.getFirst().message()).contains("does not look like STIX");
    }

    @Test
    void patternsAreCheckedThroughTheHook() {
        Validator v = Validator.standard().withPatternChecker(p -> p.startsWith("[") ? java.util.Optional.empty()
                : java.util.Optional.of("a pattern starts with '['"));
        assertThat(v.validate(parse(INDICATOR), "$")).isEmpty();
        assertThat(errors(v.validate(parse(INDICATOR).with("pattern", JsonValue.of("ipv4-addr:value = '1'")), "$")))
                .containsExactly("indicator-pattern-syntax");
    }

    @Test
    void bundleWrappersAreBundlesWithBundleIds() {
        Validator v = Validator.standard();
        assertThat(v.validateEnvelope(parse("{\"type\":\"bundle\",\"id\":\"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d\"}")))
                .isEmpty();
        assertThat(errors(v.validateEnvelope(parse("{\"type\":\"report\",\"id\":\"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d\"}"))))
                .containsExactly("bundle-type");
        assertThat(errors(v.validateEnvelope(parse("{\"type\":\"bundle\",\"id\":\"report--5d0092c5-5f74-4287-9642-33f4c354e56d\"}"))))
                .containsExactly("identifier-type");
        assertThat(errors(v.validateEnvelope(parse(
                "{\"type\":\"bundle\",\"id\":\"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d\",\"spec_version\":\"2.0\"}"))))
                .containsExactly("spec-version");
    }
}
