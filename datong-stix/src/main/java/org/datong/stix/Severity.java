package org.datong.stix;

/** How serious a validation finding is. An input is valid when it has no {@link #ERROR}. */
public enum Severity {
    /** Breaks a MUST of the specification: the input is invalid. */
    ERROR,
    /** Breaks a SHOULD, or uses a value outside an open vocabulary: valid but worth a look. */
    WARNING;

    /** The lower-case name used in reports. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
