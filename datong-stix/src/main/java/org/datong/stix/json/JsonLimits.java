package org.datong.stix.json;

/**
 * Bounds on what the reader accepts, so hostile input cannot exhaust the
 * stack or the heap.
 *
 * @param maxDepth        deepest nesting of objects and arrays
 * @param maxStringLength longest string, in characters
 * @param maxNumberLength longest number literal, in characters
 */
public record JsonLimits(int maxDepth, int maxStringLength, int maxNumberLength) {
    /**
     * Defaults: STIX content nests a handful of levels (an extension inside an
     * object inside a bundle); 100 leaves room for custom content. Strings up
     * to 16 Mi characters admit large descriptions and base64 payloads.
     */
    public static final JsonLimits DEFAULT = new JsonLimits(100, 16 * 1024 * 1024, 400);

    public JsonLimits {
        if (maxDepth < 2 || maxStringLength < 1 || maxNumberLength < 1) {
            throw new IllegalArgumentException("JSON limits must be positive (depth at least 2)");
        }
    }
}
