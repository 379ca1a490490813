package org.datong.stix;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and validates a whole input in bounded memory: every object of a
 * bundle of any size, then the bundle wrapper. Malformed JSON becomes a
 * finding with its position; objects before it are still checked.
 */
public final class Validation {
    /** Rule code of a finding for input that is not well-formed JSON. */
    public static final String MALFORMED_JSON = "json-syntax";

    private Validation() {
    }

    /**
     * The outcome for one input.
     *
     * @param objects  how many objects were read
     * @param findings what was found, in input order
     */
    public record Report(int objects, List<Finding> findings) {
        /** Valid when no finding is an error. */
        public boolean valid() {
            return findings.stream().noneMatch(Finding::isError);
        }
    }

    /** Validates everything in the stream (not closed). */
    public static Report validate(InputStream utf8, Validator validator) {
        List<Finding> findings = new ArrayList<>();
        int count = 0;
        try (StixReader reader = StixReader.open(utf8)) {
            StixReader.Item item;
            while ((item = reader.next()) != null) {
                switch (item) {
                    case StixReader.Element e -> {
                        count++;
                        findings.addAll(validator.validate(e.value(), e.path()));
                    }
                    case StixReader.Broken b -> findings.add(Finding.error(null, b.error().path(), MALFORMED_JSON,
                            b.error().getMessage(), null));
                }
            }
            if (reader.isBundle()) {
                findings.addAll(validator.validateEnvelope(reader.envelope()));
            }
        }
        return new Report(count, findings);
    }
}
