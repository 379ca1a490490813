package org.datong.pattern;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.List;

/**
 * Fuzzes reading, checking and printing patterns: any input either reads or
 * fails with {@link PatternException}; nothing else may escape. What reads
 * prints and reads back to the same tree, and the ANTLR grammar agrees. In the
 * normal build this replays the inputs under
 * {@code src/test/resources/.../PatternFuzzTestInputs}; {@code JAZZER_FUZZ=1}
 * fuzzes for real.
 */
class PatternFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void parseOnlyFailsWithAPatternError(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        List<Problem> problems = Patterns.check(text);
        Pattern p;
        try {
            p = Patterns.parse(text);
        } catch (PatternException e) {
            if (problems.stream().noneMatch(Problem::isError)) {
                throw new AssertionError("parse rejected what check accepted: " + e.getMessage());
            }
            return;
        }
        if (problems.stream().anyMatch(Problem::isError)) {
            throw new AssertionError("parse accepted what check rejected: " + problems);
        }
        Pattern again = Patterns.parse(Patterns.print(p));
        if (!again.equals(p)) {
            throw new AssertionError("print/parse changed the tree: " + Patterns.print(p));
        }
        PatternPropertyTest.assertSameOutcome(text, -1);
        Patterns.extract(p);
    }
}
