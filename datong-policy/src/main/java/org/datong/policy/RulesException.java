package org.datong.policy;

import java.util.List;

/**
 * A jurisdiction-rules file that cannot be used. Each problem is one line
 * naming the file, the JSON path and what is wrong.
 */
public final class RulesException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<String> problems;

    public RulesException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in file order. */
    public List<String> problems() {
        return problems;
    }
}
