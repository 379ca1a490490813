package org.datong.stix;

import org.datong.stix.json.Canonical;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** What is read and written again keeps its meaning exactly, custom content included. */
class LosslessJsonTest {
    private static final int SEEDS = 40;

    @Test
    void writingWhatWasReadGivesTheSameJsonForGeneratedObjectsOfEveryType() {
        for (int seed = 0; seed < SEEDS; seed++) {
            StixGenerator gen = new StixGenerator(new Random(seed));
            for (String type : StixGenerator.types()) {
                JsonObject x = gen.object(type);
                String text = seed % 2 == 0 ? Json.write(x) : Json.writePretty(x);
                JsonValue read = Json.parse(text.getBytes(StandardCharsets.UTF_8));
                String written = Json.write(read);
                assertThat(Canonical.toString(Json.parse(written)))
                        .as("seed %d type %s: %s", seed, type, text)
                        .isEqualTo(Canonical.toString(x));
                // member order and number spellings are kept too, not only the meaning
                assertThat(written).isEqualTo(Json.write(x));
            }
        }
    }

    @Test
    void bundlesStreamedInAndOutKeepEveryObject() {
        Random random = new Random(7);
        StixGenerator gen = new StixGenerator(random);
        List<JsonObject> objects = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            objects.add(gen.object(StixGenerator.types().get(random.nextInt(StixGenerator.types().size()))));
        }
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        try (BundleWriter w = new BundleWriter(first, "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d", true)) {
            objects.forEach(w::write);
        }
        List<JsonObject> back = new ArrayList<>();
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        try (StixReader r = StixReader.open(new ByteArrayInputStream(first.toByteArray()));
             BundleWriter w = new BundleWriter(second, "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d", false)) {
            StixReader.Item item;
            while ((item = r.next()) != null) {
                JsonObject o = ((StixReader.Element) item).object();
                back.add(o);
                w.write(o);
            }
        }
        assertThat(back).hasSize(objects.size());
        for (int i = 0; i < objects.size(); i++) {
            assertThat(Canonical.toString(back.get(i))).isEqualTo(Canonical.toString(objects.get(i)));
        }
        assertThat(Canonical.toString(Json.parse(second.toByteArray())))
                .isEqualTo(Canonical.toString(Json.parse(first.toByteArray())));
    }

    @Test
    void generatedObjectsOfEveryTypeAreValid() {
        for (int seed = 0; seed < SEEDS; seed++) {
            StixGenerator gen = new StixGenerator(new Random(1000 + seed));
            for (String type : StixGenerator.types()) {
                JsonObject x = gen.object(type);
                assertThat(Validator.standard().validate(x, "$")).as("seed %d: %s", seed, x)
                        .noneMatch(Finding::isError);
            }
        }
    }
}
