package org.datong.stix;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

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

    /**
     * Counts for one input whose findings went to a sink.
     *
     * @param objects  how many objects were read
     * @param errors   how many findings were errors
     * @param warnings how many findings were warnings
     */
    public record Summary(long objects, long errors, long warnings) {
        /** Valid when there was no error. */
        public boolean valid() {
            return errors == 0;
        }
    }

    /**
     * Validates everything in the stream (not closed), collecting the findings.
     * Memory grows with the number of findings; use
     * {@link #validate(InputStream, Validator, Consumer)} for inputs of any size.
     */
    public static Report validate(InputStream utf8, Validator validator) {
        List<Finding> findings = new ArrayList<>();
        Summary s = validate(utf8, validator, findings::add);
        return new Report(Math.toIntExact(s.objects()), findings);
    }

    /**
     * Validates everything in the stream (not closed) in bounded memory: one
     * object is held at a time and each finding goes to the sink as soon as it
     * is found, in input order.
     */
    public static Summary validate(InputStream utf8, Validator validator, Consumer<Finding> sink) {
        long count = 0;
        boolean broken = false;
        long[] tally = new long[2];
        Consumer<Finding> counting = f -> {
            tally[f.isError() ? 0 : 1]++;
            sink.accept(f);
        };
        try (StixReader reader = StixReader.open(utf8)) {
            StixReader.Item item;
            while ((item = reader.next()) != null) {
                switch (item) {
                    case StixReader.Element e -> {
                        count++;
                        validator.validate(e.value(), e.path()).forEach(counting);
                    }
                    case StixReader.Broken b -> {
                        broken = true;
                        counting.accept(Finding.error(null, b.error().path(), MALFORMED_JSON,
                                b.error().getMessage(), null));
                    }
                }
            }
            // after a syntax error the wrapper was not read to its end: nothing more to say about it
            if (reader.isBundle() && !broken) {
                validator.validateEnvelope(reader.envelope()).forEach(counting);
            }
        }
        return new Summary(count, tally[0], tally[1]);
    }
}
