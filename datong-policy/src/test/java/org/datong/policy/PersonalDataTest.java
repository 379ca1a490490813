package org.datong.policy;

import org.datong.stix.ScoIds;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PersonalDataTest {
    private static final byte[] KEY_A = Base64.getUrlDecoder().decode(Fixtures.KEY_A);
    private static final byte[] KEY_B = Base64.getUrlDecoder().decode(Fixtures.KEY_B);

    private static PersonalData.Context ctx(PersonalData.Treatment t, byte[] key, boolean ips, Map<String, String> ids) {
        return new PersonalData.Context(t, key, ips, id -> id.equals("identity--7b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e"), ids::get);
    }

    private static final JsonObject EMAIL = Json.parseObject("""
            {"type": "email-addr", "spec_version": "2.1", "id": "email-addr--2d77a846-6264-5d51-b586-e43822ea1ea3",
             "value": "victim@example.org", "display_name": "Li Wei"}""");

    @Test
    void pseudonymsAreStablePerKeyAndDifferAcrossKeys() {
        var a1 = (PersonalData.Kept) PersonalData.apply(EMAIL, ctx(PersonalData.Treatment.MINIMISE, KEY_A, false, Map.of()));
        var a2 = (PersonalData.Kept) PersonalData.apply(EMAIL, ctx(PersonalData.Treatment.MINIMISE, KEY_A, false, Map.of()));
        var b = (PersonalData.Kept) PersonalData.apply(EMAIL, ctx(PersonalData.Treatment.MINIMISE, KEY_B, false, Map.of()));
        assertThat(a1.object()).isEqualTo(a2.object());
        assertThat(a1.object().getString("value")).matches("pseudonym-[0-9a-f]{16}@pseudonym\\.invalid")
                .isNotEqualTo(b.object().getString("value"));
        assertThat(a1.object().has("display_name")).isFalse();
        assertThat(a1.object().getString("id")).isEqualTo(ScoIds.deterministic(a1.object()).orElseThrow());
        assertThat(a1.newIds()).containsEntry(EMAIL.getString("id"), a1.object().getString("id"));
        assertThat(PersonalData.find(a1.object(), false, id -> false)).isEmpty();
    }

    @Test
    void dropTreatmentDropsPersonalObjectsAndRelationshipsToThem() {
        assertThat(PersonalData.apply(EMAIL, ctx(PersonalData.Treatment.DROP, KEY_A, false, Map.of())))
                .isInstanceOf(PersonalData.Dropped.class);
        JsonObject rel = Json.parseObject("""
                {"type": "relationship", "spec_version": "2.1", "id": "relationship--6e2c3b1a-4f1d-4e8a-9a1b-2c3d4e5f6a7b",
                 "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z", "relationship_type": "related-to",
                 "source_ref": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", "target_ref": "email-addr--2d77a846-6264-5d51-b586-e43822ea1ea3"}""");
        assertThat(PersonalData.apply(rel, ctx(PersonalData.Treatment.DROP, KEY_A, false, Map.of())))
                .isInstanceOf(PersonalData.Dropped.class);
        // under minimise, an unknown pseudonym id cannot be followed, so the relationship cannot stand either
        assertThat(PersonalData.apply(rel, ctx(PersonalData.Treatment.MINIMISE, KEY_A, false, Map.of())))
                .isInstanceOf(PersonalData.Dropped.class);
        var kept = (PersonalData.Kept) PersonalData.apply(rel, ctx(PersonalData.Treatment.MINIMISE, KEY_A, false,
                Map.of("email-addr--2d77a846-6264-5d51-b586-e43822ea1ea3", "email-addr--035a451c-ec72-53fc-b92e-5c5d7038928e")));
        assertThat(kept.object().getString("target_ref")).isEqualTo("email-addr--035a451c-ec72-53fc-b92e-5c5d7038928e");
    }

    @Test
    void individualsArePseudonymisedOrDroppedAndTheirReferencesRemovedFromLists() {
        JsonObject person = Json.parseObject("""
                {"type": "identity", "spec_version": "2.1", "id": "identity--7b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
                 "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z", "name": "Zhang San",
                 "identity_class": "individual", "contact_information": "zhang@example.cn, +86 10 6552 9988"}""");
        var min = (PersonalData.Kept) PersonalData.apply(person, ctx(PersonalData.Treatment.MINIMISE, KEY_A, false, Map.of()));
        assertThat(min.object().getString("name")).matches("pseudonym-[0-9a-f]{16}");
        assertThat(min.object().has("contact_information")).isFalse();
        assertThat(min.object().getString("id")).isEqualTo(person.getString("id"));
        assertThat(PersonalData.apply(person, ctx(PersonalData.Treatment.DROP, KEY_A, false, Map.of())))
                .isInstanceOf(PersonalData.Dropped.class);
        JsonObject sighting = Json.parseObject("""
                {"type": "sighting", "spec_version": "2.1", "id": "sighting--ee20065d-2555-424f-ad9e-0f8428623c75",
                 "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z",
                 "sighting_of_ref": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                 "where_sighted_refs": ["identity--7b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e", "identity--0c2e1d5e-5d4a-4b43-9a3e-4f0b0f3c7a11"]}""");
        var s = (PersonalData.Kept) PersonalData.apply(sighting, ctx(PersonalData.Treatment.DROP, KEY_A, false, Map.of()));
        assertThat(s.object().getStrings("where_sighted_refs")).containsExactly("identity--0c2e1d5e-5d4a-4b43-9a3e-4f0b0f3c7a11");
    }

    @Test
    void freeTextPersonalDataIsFoundAndMinimisedButPatternValuesStay() {
        JsonObject o = Json.parseObject("""
                {"type": "indicator", "spec_version": "2.1", "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                 "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z",
                 "description": "From bad@evil.example to ops@victim.example; call (555) 123-4567 or +8613800138000; SSN 078-05-1120; seen 2026-01-01; host 10.1.2.3",
                 "pattern": "[email-addr:value = 'bad@evil.example']", "pattern_type": "stix", "valid_from": "2026-01-01T00:00:00Z"}""");
        assertThat(PersonalData.find(o, false, id -> false)).containsExactly("description (e-mail address in text)");
        var k = (PersonalData.Kept) PersonalData.apply(o, ctx(PersonalData.Treatment.MINIMISE, KEY_A, true, Map.of()));
        String d = k.object().getString("description");
        assertThat(d).contains("bad@evil.example").doesNotContain("ops@victim.example").doesNotContain("123-4567")
                .doesNotContain("+8613800138000").doesNotContain("078-05-1120").contains("2026-01-01").contains("10.1.2.0/24");
        assertThat(PersonalData.find(k.object(), true, id -> false)).isEmpty();
        var dropped = (PersonalData.Kept) PersonalData.apply(o, ctx(PersonalData.Treatment.DROP, KEY_A, false, Map.of()));
        assertThat(dropped.object().getString("description")).contains("[e-mail address removed]").contains("[phone number removed]");
    }

    @Test
    void ipAddressesGeneraliseToSlash24AndSlash48() {
        assertThat(PersonalData.generalise("198.51.100.77")).isEqualTo("198.51.100.0/24");
        assertThat(PersonalData.generalise("198.51.100.77/30")).isEqualTo("198.51.100.0/24");
        assertThat(PersonalData.generalise("10.0.0.0/8")).isEqualTo("10.0.0.0/8");
        assertThat(PersonalData.generalise("2001:db8:abcd:12:1::5")).isEqualTo("2001:db8:abcd::/48");
        JsonObject ip = Json.parseObject("""
                {"type": "ipv4-addr", "spec_version": "2.1", "id": "ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd", "value": "198.51.100.77"}""");
        assertThat(PersonalData.find(ip, false, id -> false)).isEmpty();
        var k = (PersonalData.Kept) PersonalData.apply(ip, ctx(PersonalData.Treatment.MINIMISE, KEY_A, true, Map.of()));
        assertThat(k.object().getString("value")).isEqualTo("198.51.100.0/24");
        assertThat(k.object().getString("id")).isEqualTo(ScoIds.deterministic(k.object()).orElseThrow());
        assertThat(PersonalData.apply(ip, ctx(PersonalData.Treatment.DROP, KEY_A, true, Map.of()))).isInstanceOf(PersonalData.Dropped.class);
    }

    @Test
    void streetAddressesAndUserAccountsAreMinimised() {
        JsonObject loc = Json.parseObject("""
                {"type": "location", "spec_version": "2.1", "id": "location--a6e9345f-5a15-4c29-8bb3-7dcc5d168d64",
                 "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z",
                 "country": "cn", "city": "Beijing", "street_address": "1 Chang'an Avenue"}""");
        var k = (PersonalData.Kept) PersonalData.apply(loc, ctx(PersonalData.Treatment.MINIMISE, KEY_A, false, Map.of()));
        assertThat(k.object().has("street_address")).isFalse();
        assertThat(k.object().getString("city")).isEqualTo("Beijing");
        JsonObject acct = Json.parseObject("""
                {"type": "user-account", "spec_version": "2.1", "id": "user-account--0d5b424b-93b8-5cd8-ac36-306e1789d63c",
                 "user_id": "1001", "account_login": "jdoe", "display_name": "John Doe", "credential": "hunter2"}""");
        var a = (PersonalData.Kept) PersonalData.apply(acct, ctx(PersonalData.Treatment.MINIMISE, KEY_A, false, Map.of()));
        assertThat(a.object().getString("account_login")).matches("pseudonym-[0-9a-f]{16}");
        assertThat(a.object().has("credential")).isFalse();
        assertThat(a.object().has("display_name")).isFalse();
        assertThat(PersonalData.find(a.object(), false, id -> false)).isEmpty();
    }
}
