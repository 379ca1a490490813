package org.datong.stix;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.ByteArrayInputStream;

/**
 * Fuzzes the reader and validator with arbitrary bytes. The only documented
 * failure is malformed input, which surfaces as a {@link StixReader.Broken}
 * item and so as a {@code json-syntax} finding; any exception escaping here is
 * a bug. In the normal build this replays the seed inputs under
 * {@code src/test/resources/.../StixReaderFuzzTestInputs}; with
 * {@code JAZZER_FUZZ=1} it fuzzes.
 */
class StixReaderFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void readsAnyBytesWithoutCrashing(byte[] input) {
        Validator validator = Validator.standard().withPatternChecker(p -> java.util.Optional.empty());
        Validation.validate(new ByteArrayInputStream(input), validator, finding -> {
            if (finding.path() == null || finding.rule() == null || finding.message() == null) {
                throw new AssertionError("incomplete finding " + finding);
            }
        });
        try (StixReader reader = StixReader.open(new ByteArrayInputStream(input))) {
            StixReader.Item item;
            while ((item = reader.next()) != null) {
                if (item instanceof StixReader.Element e && e.value() instanceof org.datong.stix.json.JsonObject o) {
                    // lossless: what was read writes back to the same value
                    String written = org.datong.stix.json.Json.write(o);
                    if (!org.datong.stix.json.Json.parse(written).equals(o)) {
                        throw new AssertionError("round trip changed " + written);
                    }
                    if (Category.of(o.getString("type")) == Category.SCO) {
                        try {
                            ScoIds.compute(o);
                        } catch (IllegalArgumentException | org.datong.stix.json.JsonException documented) {
                            // not an SCO type string, or a number canonical JSON cannot represent
                        }
                    }
                }
            }
        }
    }
}
