package org.datong.taxii;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonException;
import org.datong.stix.json.JsonLimits;
import org.datong.stix.json.JsonValue;
import org.datong.store.StixInput;

import java.util.List;

/**
 * Fuzzes the reader of POSTed envelopes: any body is either read or rejected
 * with a {@link JsonException} (a 400) or as not an envelope (a 422); nothing else may escape, and the text
 * kept for each object parses back to the same value. The normal build
 * replays {@code src/test/resources/.../EnvelopeFuzzTestInputs};
 * {@code JAZZER_FUZZ=1} fuzzes for real.
 */
class EnvelopeFuzzTest {
    private static final JsonLimits LIMITS = new JsonLimits(16, 1 << 16, 64);

    @FuzzTest(maxDuration = "60s")
    void envelopeReaderOnlyFailsWithAJsonError(FuzzedDataProvider data) {
        byte[] body = data.consumeRemainingAsBytes();
        List<StixInput> inputs;
        try {
            inputs = TaxiiApi.envelopeObjects(body, LIMITS);
        } catch (JsonException | TaxiiApi.NotAnEnvelope e) {
            return;
        }
        for (StixInput in : inputs) {
            if (in.text() != null) {
                JsonValue again = Json.parse(in.text());
                if (!again.equals(in.value())) {
                    throw new AssertionError("kept text " + in.text() + " does not parse to " + in.value());
                }
            }
        }
    }
}
