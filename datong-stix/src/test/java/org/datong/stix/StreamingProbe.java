package org.datong.stix;

/**
 * Run in a separate JVM by {@link BoundedMemoryTest} with a small heap:
 * validates a generated bundle of the given size and prints
 * {@code objects errors warnings expectedWarnings}.
 */
public final class StreamingProbe {
    private StreamingProbe() {
    }

    public static void main(String[] args) {
        long bytes = Long.parseLong(args[0]);
        GeneratedBundleStream in = new GeneratedBundleStream(bytes);
        Validation.Summary s = Validation.validate(in, Validator.standard(), f -> {
        });
        System.out.println(s.objects() + " " + s.errors() + " " + s.warnings() + " " + in.expectedWarnings()
                + " " + in.objects());
    }
}
