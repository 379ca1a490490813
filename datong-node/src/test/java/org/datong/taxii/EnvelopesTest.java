package org.datong.taxii;

import org.datong.stix.json.Json;
import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class EnvelopesTest {
    private static JsonObject object(Random random, int i) {
        return JsonObject.builder().put("type", "note").put("id", "note--" + i)
                .put("content", "é\"\\".repeat(random.nextInt(4)) + "x".repeat(random.nextInt(400))).build();
    }

    private static byte[] envelope(List<JsonValue> objects) {
        return Json.writeBytes(JsonObject.builder().put("objects", JsonArray.of(objects)).build());
    }

    @Test
    void envelopesKeepEveryObjectInOrderWithinTheLimitAndAsFullAsItAllows() {
        Random random = new Random(20261203);
        for (int round = 0; round < 300; round++) {
            List<JsonValue> objects = new ArrayList<>();
            int n = random.nextInt(60);
            for (int i = 0; i < n; i++) {
                objects.add(object(random, i));
            }
            long limit = round % 10 == 0 ? 0 : 50 + random.nextInt(3000);
            Envelopes.Split split = Envelopes.split(objects, limit);

            List<JsonValue> sent = new ArrayList<>();
            for (int e = 0; e < split.envelopes().size(); e++) {
                Envelopes.Envelope env = split.envelopes().get(e);
                assertThat(env.objects()).isNotEmpty();
                assertThat(env.body()).as("the body is the envelope's JSON").isEqualTo(envelope(env.objects()));
                if (limit > 0) {
                    assertThat((long) env.body().length).isLessThanOrEqualTo(limit);
                    if (e + 1 < split.envelopes().size()) {
                        List<JsonValue> grown = new ArrayList<>(env.objects());
                        grown.add(split.envelopes().get(e + 1).objects().getFirst());
                        assertThat((long) envelope(grown).length).as("filled as far as the limit allows")
                                .isGreaterThan(limit);
                    }
                }
                sent.addAll(env.objects());
            }
            List<JsonValue> expectedSent = new ArrayList<>();
            List<JsonValue> expectedLeft = new ArrayList<>();
            for (JsonValue o : objects) {
                long alone = envelope(List.of(o)).length;
                (limit > 0 && alone > limit ? expectedLeft : expectedSent).add(o);
            }
            assertThat(sent).isEqualTo(expectedSent);
            assertThat(split.tooLarge()).extracting(Envelopes.TooLarge::object).isEqualTo(expectedLeft);
            for (Envelopes.TooLarge t : split.tooLarge()) {
                assertThat(t.size()).isEqualTo((long) envelope(List.of(t.object())).length).isGreaterThan(limit);
            }
            if (limit == 0) {
                assertThat(split.envelopes()).hasSize(objects.isEmpty() ? 0 : 1);
            }
        }
    }

    @Test
    void anObjectTooLargeAloneSaysWhyWithItsSize() {
        JsonObject big = JsonObject.builder().put("type", "note").put("id", "note--1").put("content", "x".repeat(200))
                .build();
        Envelopes.Split split = Envelopes.split(List.of(big), 100);
        assertThat(split.envelopes()).isEmpty();
        Envelopes.TooLarge t = split.tooLarge().getFirst();
        assertThat(t.id()).isEqualTo("note--1");
        assertThat(t.reason("beta", 100)).isEqualTo("alone it makes an envelope of " + t.size()
                + " bytes, over beta's max_content_length of 100");
    }
}
