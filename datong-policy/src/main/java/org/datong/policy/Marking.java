package org.datong.policy;

/**
 * What one marking-definition means to Datong. Resolved from ids by
 * {@link Markings}.
 */
public sealed interface Marking {
    /** The marking-definition id. */
    String id();

    /** A short human label, e.g. {@code TLP:AMBER}, {@code grade core}, {@code statement "..."}. */
    String label();

    /** A TLP 1.0 or 2.0 level. */
    record TlpMarking(String id, Tlp level) implements Marking {
        @Override
        public String label() {
            return level.label();
        }
    }

    /** A classification grade of a scheme (Datong's classification extension). */
    record GradeMarking(String id, String scheme, String grade) implements Marking {
        @Override
        public String label() {
            return "grade " + grade + (GradeScheme.DEFAULT_NAME.equals(scheme) ? "" : " (" + scheme + ")");
        }
    }

    /** A PAP level (Datong's PAP extension). */
    record PapMarking(String id, Pap level) implements Marking {
        @Override
        public String label() {
            return level.label();
        }
    }

    /** A statement marking (copyright, terms of use); carried along, not interpreted. */
    record Statement(String id, String text) implements Marking {
        @Override
        public String label() {
            return "statement \"" + text + "\"";
        }
    }

    /** A defined marking of a kind Datong does not interpret (carried along as is). */
    record Other(String id, String name) implements Marking {
        @Override
        public String label() {
            return name == null ? id : name;
        }
    }
}
