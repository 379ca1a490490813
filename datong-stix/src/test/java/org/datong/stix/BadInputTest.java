package org.datong.stix;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input becomes findings with a position, never an exception; objects
 * read before the damage are still checked.
 */
class BadInputTest {
    private static final String GOOD = "{\"type\":\"ipv4-addr\",\"spec_version\":\"2.1\","
            + "\"id\":\"ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4\",\"value\":\"198.51.100.3\"}";
    private static final String BUNDLE_START = "{\"type\":\"bundle\",\"id\":\"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d\","
            + "\"objects\":[\n" + GOOD + ",\n";

    private static Validation.Report validate(byte[] bytes) {
        return Validation.validate(new ByteArrayInputStream(bytes), Validator.standard());
    }

    private static Validation.Report validate(String text) {
        return validate(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Finding syntax(Validation.Report r) {
        List<Finding> f = r.findings().stream().filter(x -> x.rule().equals(Validation.MALFORMED_JSON)).toList();
        assertThat(f).hasSize(1);
        assertThat(r.valid()).isFalse();
        return f.getFirst();
    }

    @Test
    void truncatedBundleKeepsTheObjectsBeforeTheCutAndSaysWhere() {
        Validation.Report r = validate(BUNDLE_START + GOOD.substring(0, 40));
        assertThat(r.objects()).isEqualTo(1);
        Finding f = syntax(r);
        assertThat(f.message()).contains("end-of-input").contains("line 3").doesNotContain("Source:");
        assertThat(r.findings()).as("the unread wrapper is not judged").hasSize(1);
    }

    @Test
    void malformedJsonGivesLineAndColumn() {
        Validation.Report r = validate(BUNDLE_START + "{\"type\": indicator}]}");
        assertThat(r.objects()).isEqualTo(1);
        assertThat(syntax(r).message()).contains("line 3, column 10");
    }

    @Test
    void invalidUtf8IsReportedNotDecodedIntoGarbage() {
        byte[] head = (BUNDLE_START + "{\"type\":\"note\",\"content\":\"").getBytes(StandardCharsets.UTF_8);
        byte[] tail = "\"}]}".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[head.length + 2 + tail.length];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = (byte) 0xC3; // a lead byte followed by something that is not a continuation byte
        bytes[head.length + 1] = (byte) 0x28;
        System.arraycopy(tail, 0, bytes, head.length + 2, tail.length);
        Validation.Report r = validate(bytes);
        assertThat(r.objects()).isEqualTo(1);
        assertThat(syntax(r).message()).containsIgnoringCase("UTF-8").contains("line 3");
    }

    @Test
    void bytesThatLookLikeAnotherEncodingAreAFindingNotACrash() {
        // found by fuzzing: a UCS-4 byte-order pattern made the JSON parser fail before reading anything
        Validation.Report r = validate(java.util.Base64.getDecoder().decode("AAABAAAAaW5pZWZ5fQ=="));
        assertThat(r.objects()).isZero();
        assertThat(syntax(r).message()).contains("encoding");
    }

    @Test
    void duplicateKeysAreRejectedInsideObjectsAndInTheWrapper() {
        Validation.Report inside = validate(BUNDLE_START + "{\"type\":\"note\",\"type\":\"x\"}]}");
        assertThat(syntax(inside).message()).contains("duplicate key 'type'").contains("line 3");
        Validation.Report wrapper = validate("{\"type\":\"bundle\",\"type\":\"bundle\",\"objects\":[]}");
        assertThat(syntax(wrapper).message()).contains("duplicate key 'type'");
    }

    @Test
    void absurdNestingIsStoppedAtTheLimit() {
        String deep = "[".repeat(100_000);
        Validation.Report r = validate(BUNDLE_START + "{\"type\":\"note\",\"x_deep\":" + deep);
        assertThat(r.objects()).isEqualTo(1);
        assertThat(syntax(r).message()).contains("nested deeper than");
    }

    @Test
    void numbersOutOfRangeAreFindingsWithTheirPath() {
        Validation.Report r = validate(BUNDLE_START + "{\"type\":\"ipv4-addr\",\"id\":\"ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4\","
                + "\"value\":\"198.51.100.3\",\"x_score\":1e999}]}");
        assertThat(r.findings()).anySatisfy(f -> {
            assertThat(f.rule()).isEqualTo("number-range");
            assertThat(f.path()).isEqualTo("$.objects[1].x_score");
        });
        Validation.Report tooLong = validate(BUNDLE_START + "{\"type\":\"note\",\"x_n\":" + "9".repeat(5000) + "}]}");
        assertThat(syntax(tooLong).message()).contains("reader limit");
    }

    @Test
    void contentThatIsNotStixSaysSo() {
        assertThat(syntax(validate("[1,2,3]")).message()).contains("not STIX");
        assertThat(syntax(validate("just words")).message()).contains("malformed JSON");
        assertThat(syntax(validate("")).message()).contains("empty input");
        Validation.Report misp = validate("{\"Event\":{\"info\":\"a MISP event\"}}");
        assertThat(misp.valid()).isFalse();
        assertThat(misp.findings().getFirst().message()).contains("does not look like STIX");
    }

    @Test
    void badObjectsAreReportedAndTheGoodOnesAfterThemStillRead() {
        Validation.Report r = validate(BUNDLE_START + "{\"type\":\"indicator\"},\n42,\n" + GOOD + "]}");
        assertThat(r.objects()).isEqualTo(4);
        assertThat(r.findings()).extracting(Finding::path).contains("$.objects[1].id", "$.objects[2]");
        assertThat(r.findings()).noneMatch(f -> f.path().startsWith("$.objects[3]") || f.path().startsWith("$.objects[0]"));
    }

    @Test
    void trailingContentAfterTheBundleIsAnError() {
        Validation.Report r = validate(BUNDLE_START + GOOD + "]} {}");
        assertThat(r.objects()).isEqualTo(2);
        assertThat(syntax(r).message()).contains("after the end");
    }
}
