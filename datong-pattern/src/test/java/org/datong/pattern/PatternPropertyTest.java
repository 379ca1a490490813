package org.datong.pattern;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Properties over seeded random patterns; a failure names its seed. */
class PatternPropertyTest {
    private static final int RUNS = 3_000;
    /** The ANTLR reader is slower, especially on errors; fewer runs keep the build quick. */
    private static final int DIFFERENTIAL_RUNS = 800;

    @Test
    void printingAndReadingBackGivesTheSameTree() {
        for (int seed = 0; seed < RUNS; seed++) {
            PatternGenerator g = new PatternGenerator(seed);
            ObservationExpr tree = g.observation(3);
            String printed = Printer.print(tree);
            Pattern read = HandParser.parse(printed);
            assertThat(read.root()).as("seed %d: %s", seed, printed).isEqualTo(tree);
            assertThat(Printer.print(read.root())).as("seed %d", seed).isEqualTo(printed);
            Pattern respelled = HandParser.parse(g.respell(printed));
            assertThat(respelled.root()).as("seed %d respelled", seed).isEqualTo(tree);
        }
    }

    @Test
    void handWrittenParserAgreesWithTheAntlrGrammar() {
        for (int seed = 0; seed < DIFFERENTIAL_RUNS; seed++) {
            PatternGenerator g = new PatternGenerator(seed);
            String text = g.respell(Printer.print(g.observation(2)));
            assertSameOutcome(text, seed);
            // and on broken variants: a character dropped, doubled or replaced
            Random r = new Random(seed);
            for (int k = 0; k < 5; k++) {
                StringBuilder sb = new StringBuilder(text);
                int at = r.nextInt(sb.length());
                switch (r.nextInt(3)) {
                    case 0 -> sb.deleteCharAt(at);
                    case 1 -> sb.insert(at, sb.charAt(at));
                    default -> sb.setCharAt(at, "[]()'\\:.,=!<>-0tbh*ANDx \n".charAt(r.nextInt(25)));
                }
                assertSameOutcome(sb.toString(), seed);
            }
        }
    }

    static void assertSameOutcome(String text, long seed) {
        Pattern hand = null;
        Pattern antlr = null;
        PatternException handError = null;
        PatternException antlrError = null;
        try {
            hand = HandParser.parse(text);
        } catch (PatternException e) {
            handError = e;
        }
        try {
            antlr = AntlrParser.parse(text);
        } catch (PatternException e) {
            antlrError = e;
        }
        assertThat(handError == null).as("seed %d, accepted by hand-written %s, by ANTLR %s: %s (%s / %s)", seed,
                handError == null, antlrError == null, text, handError, antlrError).isEqualTo(antlrError == null);
        if (hand != null) {
            assertThat(hand.root()).as("seed %d: %s", seed, text).isEqualTo(antlr.root());
        }
    }
}
