package org.datong.stix;

import org.datong.stix.json.Json;
import org.datong.stix.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScoIdsTest {
    @Test
    void uuid5MatchesTheRfc4122Example() {
        // RFC 4122 appendix B style check: uuid5(DNS namespace, "python.org"), as computed by Python's uuid module
        UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        assertThat(ScoIds.uuid5(dns, "python.org")).hasToString("886313e1-3b8a-5372-9b90-0c9aee199e5d");
    }

    @Test
    void ipv4AddressIdMatchesTheSpecificationExample() {
        // STIX 2.1 section 2.9 example
        JsonObject ip = Json.parseObject("{\"type\":\"ipv4-addr\",\"value\":\"198.51.100.3\"}");
        assertThat(ScoIds.compute(ip)).isEqualTo("ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4");
    }

    @Test
    void onlyContributingPropertiesCount() {
        JsonObject a = Json.parseObject("{\"type\":\"domain-name\",\"value\":\"example.com\"}");
        JsonObject b = Json.parseObject("{\"type\":\"domain-name\",\"spec_version\":\"2.1\",\"value\":\"example.com\","
                + "\"resolves_to_refs\":[\"ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4\"],\"x_note\":1}");
        assertThat(ScoIds.compute(a)).isEqualTo(ScoIds.compute(b)).startsWith("domain-name--");
        assertThat(UUID.fromString(ScoIds.compute(a).substring("domain-name--".length())).version()).isEqualTo(5);
    }

    @Test
    void memberOrderAndWhitespaceDoNotChangeTheId() {
        JsonObject a = Json.parseObject("{\"type\":\"file\",\"name\":\"a.exe\",\"hashes\":{\"SHA-256\":\"ab\"}}");
        JsonObject b = Json.parseObject("{ \"hashes\" : {\"SHA-256\":\"ab\"}, \"name\":\"a.exe\", \"type\":\"file\" }");
        assertThat(ScoIds.compute(a)).isEqualTo(ScoIds.compute(b));
    }

    @Test
    void onlyThePreferredHashContributes() {
        JsonObject md5Only = Json.parseObject("{\"type\":\"file\",\"hashes\":{\"MD5\":\"3773a88f65a5e780c8dff9cdc3a056f3\"}}");
        JsonObject both = Json.parseObject("{\"type\":\"file\",\"hashes\":{\"SHA-256\":\"ceaf\","
                + "\"MD5\":\"3773a88f65a5e780c8dff9cdc3a056f3\"}}");
        JsonObject sha256Only = Json.parseObject("{\"type\":\"file\",\"hashes\":{\"SHA-256\":\"ceaf\"}}");
        assertThat(ScoIds.compute(both)).isEqualTo(ScoIds.compute(md5Only)).isNotEqualTo(ScoIds.compute(sha256Only));
    }

    /** SCO examples from STIX 2.1 section 6 (Errata 01 made their ids agree with the algorithm). */
    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"artifact\",\"id\":\"artifact--a785c567-cc53-52a1-abeb-026bb7ddf8ba\",\"mime_type\":\"image/jpeg\",\"payload_bin\":\"VBORw0KGgoAAAANSUhEUgAAADI== ...\"}",
            "{\"type\":\"autonomous-system\",\"id\":\"autonomous-system--3aa27478-50b5-5ab8-9da9-cdc12b657fff\",\"number\":15139,\"name\":\"Slime Industries\",\"rir\":\"ARIN\"}",
            "{\"type\":\"directory\",\"id\":\"directory--0a58d0c1-59e6-5afd-8252-dcd3f13e5622\",\"path\":\"C:\\\\Windows\\\\System32\"}",
            "{\"type\":\"domain-name\",\"id\":\"domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7\",\"value\":\"example.com\",\"resolves_to_refs\":[\"ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4\"]}",
            "{\"type\":\"email-addr\",\"id\":\"email-addr--7165e2a9-671f-585d-b1e1-ca59c671d934\",\"value\":\"john@example.com\",\"display_name\":\"John Doe\"}",
            "{\"type\":\"file\",\"id\":\"file--949eb97a-da1e-5292-8959-03c4249dc9f3\",\"hashes\":{\"SHA-256\":\"fe90a7e910cb3a4739bed9180e807e93fa70c90f25a8915476f5e4bfbac681db\"},\"size\":25536,\"name\":\"foo.dll\"}",
            "{\"type\":\"ipv6-addr\",\"id\":\"ipv6-addr--85a85a8c-ee99-5722-946d-3c3a3270fc6f\",\"value\":\"2001:0db8:85a3:0000:0000:8a2e:0370:7334\"}",
            "{\"type\":\"mac-addr\",\"id\":\"mac-addr--757b1725-9903-54f5-a855-1240691d7659\",\"value\":\"d2:fb:49:24:37:18\"}",
            "{\"type\":\"mutex\",\"id\":\"mutex--f93fe911-e545-5239-b9b0-597840d0c871\",\"name\":\"__CLEANSWEEP__\"}",
            "{\"type\":\"software\",\"id\":\"software--710b0b41-d4d0-5d6c-a400-fc9254554ffc\",\"name\":\"Word\",\"cpe\":\"cpe:2.3:a:microsoft:word:2000:*:*:*:*:*:*:*\",\"version\":\"2002\",\"vendor\":\"Microsoft\"}",
            "{\"type\":\"url\",\"id\":\"url--47c3cf9a-5027-5bf0-997a-017c7edc7c55\",\"value\":\"https://example.com/research/index.html\"}",
            "{\"type\":\"user-account\",\"id\":\"user-account--f94d689e-707d-58c3-b803-c720bb6ed096\",\"user_id\":\"1001\",\"account_login\":\"jdoe\",\"account_type\":\"unix\",\"display_name\":\"John Doe\"}",
            "{\"type\":\"windows-registry-key\",\"id\":\"windows-registry-key--1884b770-b679-522a-a9c7-45fadaaec7bb\",\"key\":\"HKEY_LOCAL_MACHINE\\\\System\\\\Foo\\\\Bar\"}"
    })
    void computesTheIdsOfTheSpecificationExamples(String example) {
        JsonObject sco = Json.parseObject(example);
        assertThat(ScoIds.compute(sco)).isEqualTo(sco.getString("id"));
    }

    @Test
    void processAlwaysGetsARandomVersion4Id() {
        JsonObject p = Json.parseObject("{\"type\":\"process\",\"pid\":1221}");
        String a = ScoIds.compute(p);
        String b = ScoIds.compute(p);
        assertThat(a).startsWith("process--").isNotEqualTo(b);
        assertThat(UUID.fromString(a.substring("process--".length())).version()).isEqualTo(4);
        assertThat(ScoIds.deterministic(p)).isEmpty();
    }

    @Test
    void scoWithoutAnyContributingPropertyGetsARandomId() {
        JsonObject s = Json.parseObject("{\"type\":\"software\",\"languages\":[\"en\"]}");
        assertThat(ScoIds.deterministic(s)).isEmpty();
        assertThat(UUID.fromString(ScoIds.compute(s).substring("software--".length())).version()).isEqualTo(4);
    }

    @Test
    void withIdPutsTheIdAfterTypeAndReplacesAnOldOne() {
        JsonObject sco = Json.parseObject("{\"type\":\"url\",\"id\":\"url--00000000-0000-4000-8000-000000000000\","
                + "\"value\":\"http://example.com/\"}");
        JsonObject out = ScoIds.withId(sco);
        assertThat(out.keys()).containsExactly("type", "id", "value");
        assertThat(out.getString("id")).isEqualTo(ScoIds.compute(sco));
    }

    @Test
    void rejectsTypesThatAreNotCyberObservables() {
        assertThatThrownBy(() -> ScoIds.compute(Json.parseObject("{\"type\":\"indicator\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("indicator");
        assertThatThrownBy(() -> ScoIds.compute(Json.parseObject("{\"value\":\"x\"}")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
