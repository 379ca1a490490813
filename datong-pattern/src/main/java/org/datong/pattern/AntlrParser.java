package org.datong.pattern;

import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.antlr.v4.runtime.tree.TerminalNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a pattern with the ANTLR grammar {@code StixPattern.g4} and builds the
 * tree. This is the reference reader: {@link HandParser} is checked against it.
 *
 * <p>Parsing runs in SLL mode first and falls back to full LL only when SLL
 * fails, the usual two-stage ANTLR set-up; a real syntax error is then reported
 * by the LL pass with its position.
 */
final class AntlrParser {
    private AntlrParser() {
    }

    static Pattern parse(String text) {
        StixPatternParser.PatternContext tree;
        try {
            tree = parser(text, true).pattern();
        } catch (ParseCancellationException | ThrowingListener.Stop e) {
            try {
                tree = parser(text, false).pattern();
            } catch (ThrowingListener.Stop stop) {
                throw stop.error;
            }
        }
        Builder b = new Builder();
        ObservationExpr root = b.observation(tree.observationExpression());
        return new Pattern(root, text, b.positions);
    }

    private static StixPatternParser parser(String text, boolean sll) {
        StixPatternLexer lexer = new StixPatternLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        lexer.addErrorListener(ThrowingListener.INSTANCE);
        StixPatternParser parser = new StixPatternParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        if (sll) {
            parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
            parser.setErrorHandler(new BailErrorStrategy());
        } else {
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            parser.setErrorHandler(new DefaultErrorStrategy());
            parser.addErrorListener(ThrowingListener.INSTANCE);
        }
        return parser;
    }

    /** Turns the first syntax error into a {@link PatternException}. */
    private static final class ThrowingListener extends BaseErrorListener {
        static final ThrowingListener INSTANCE = new ThrowingListener();

        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int column,
                                String message, RecognitionException e) {
            String msg = friendly(message);
            String reason = msg;
            if (offendingSymbol instanceof Token t) {
                reason = t.getType() == Token.EOF ? "unexpected end of pattern"
                        : t.getType() == StixPatternLexer.UNEXPECTED ? "unexpected character " + printable(t.getText())
                        : "unexpected " + printable(t.getText()) + " (" + msg + ")";
            } else if (msg.startsWith("token recognition error")) {
                reason = "unexpected character" + msg.substring(msg.indexOf(':') > 0 ? msg.indexOf(':') + 1 : msg.length());
            }
            throw new Stop(new PatternException(new Position(line, column + 1), reason));
        }

        /** Token names as people call them. */
        private static String friendly(String msg) {
            String[][] names = {{"BoolLiteral", "boolean"}, {"TimestampLiteral", "timestamp"}, {"BinaryLiteral", "binary"},
                    {"HexLiteral", "hex"}, {"StringLiteral", "string"}, {"FloatLiteral", "float"}, {"IntLiteral", "integer"},
                    {"HyphenatedIdentifier", "object type"}, {"Identifier", "name"}, {"<EOF>", "end of pattern"}};
            for (String[] n : names) {
                msg = msg.replace(n[0], n[1]);
            }
            return msg;
        }

        static final class Stop extends RuntimeException {
            private static final long serialVersionUID = 1L;
            final transient PatternException error;

            Stop(PatternException error) {
                super(error.getMessage(), null, false, false);
                this.error = error;
            }
        }
    }

    static String printable(String s) {
        StringBuilder sb = new StringBuilder("'");
        s.codePoints().limit(40).forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f || Character.isWhitespace(cp)) {
                sb.append(String.format("\\u%04x", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.append('\'').toString();
    }

    /** Parse tree to AST, recording where each node starts. */
    private static final class Builder {
        final Map<Object, Position> positions = new IdentityHashMap<>();

        private static Position at(Token t) {
            return new Position(t.getLine(), t.getCharPositionInLine() + 1);
        }

        private <T> T mark(T node, Token t) {
            positions.put(node, at(t));
            return node;
        }

        ObservationExpr observation(StixPatternParser.ObservationExpressionContext ctx) {
            return switch (ctx) {
                case StixPatternParser.ObservationContext o ->
                        mark(new ObservationExpr.Observation(comparison(o.comparisonExpression())), o.getStart());
                case StixPatternParser.ObservationGroupContext g -> observation(g.observationExpression());
                case StixPatternParser.ObservationAndContext a -> mark(new ObservationExpr.And(
                        observation(a.observationExpression(0)), observation(a.observationExpression(1))), a.AND().getSymbol());
                case StixPatternParser.ObservationOrContext o -> mark(new ObservationExpr.Or(
                        observation(o.observationExpression(0)), observation(o.observationExpression(1))), o.OR().getSymbol());
                case StixPatternParser.FollowedByContext f -> mark(new ObservationExpr.FollowedBy(
                        observation(f.observationExpression(0)), observation(f.observationExpression(1))),
                        f.FOLLOWEDBY().getSymbol());
                case StixPatternParser.QualifiedContext q -> qualified(observation(q.observationExpression()), q.qualifier());
                default -> throw new IllegalStateException("unknown observation node " + ctx.getClass());
            };
        }

        private ObservationExpr qualified(ObservationExpr inner, StixPatternParser.QualifierContext q) {
            return switch (q) {
                case StixPatternParser.WithinContext w -> {
                    Token n = w.number().getStart();
                    BigDecimal seconds = n.getType() == StixPatternLexer.IntLiteral
                            ? BigDecimal.valueOf(Literals.integer(n.getText(), at(n)).value())
                            : Literals.real(n.getText(), at(n)).value();
                    ObservationExpr.Within node = new ObservationExpr.Within(inner, seconds);
                    yield mark(node, w.getStart());
                }
                case StixPatternParser.RepeatsContext r -> {
                    Token n = r.IntLiteral().getSymbol();
                    yield mark(new ObservationExpr.Repeats(inner, Literals.integer(n.getText(), at(n)).value()), r.getStart());
                }
                case StixPatternParser.StartStopContext s -> {
                    Token t0 = s.TimestampLiteral(0).getSymbol();
                    Token t1 = s.TimestampLiteral(1).getSymbol();
                    yield mark(new ObservationExpr.StartStop(inner, Literals.timestamp(t0.getText(), at(t0)).value(),
                            Literals.timestamp(t1.getText(), at(t1)).value()), s.getStart());
                }
                default -> throw new IllegalStateException("unknown qualifier " + q.getClass());
            };
        }

        ComparisonExpr comparison(StixPatternParser.ComparisonExpressionContext ctx) {
            return switch (ctx) {
                case StixPatternParser.ComparisonGroupContext g -> comparison(g.comparisonExpression());
                case StixPatternParser.ComparisonAndContext a -> mark(new ComparisonExpr.And(
                        comparison(a.comparisonExpression(0)), comparison(a.comparisonExpression(1))), a.AND().getSymbol());
                case StixPatternParser.ComparisonOrContext o -> mark(new ComparisonExpr.Or(
                        comparison(o.comparisonExpression(0)), comparison(o.comparisonExpression(1))), o.OR().getSymbol());
                case StixPatternParser.TestContext t -> test(t.propertyTest());
                default -> throw new IllegalStateException("unknown comparison node " + ctx.getClass());
            };
        }

        private ComparisonExpr test(StixPatternParser.PropertyTestContext ctx) {
            return switch (ctx) {
                case StixPatternParser.CompareContext c -> mark(new ComparisonExpr.Comparison(path(c.objectPath()),
                        c.NOT() != null, Operator.ofSymbol(c.op.getText()), literal(c.literal())), c.getStart());
                case StixPatternParser.StringTestContext c -> mark(new ComparisonExpr.Comparison(path(c.objectPath()),
                        c.NOT() != null, Operator.valueOf(c.op.getText()), literal(c.literal())), c.getStart());
                case StixPatternParser.InSetContext c -> {
                    List<Literal> values = new ArrayList<>();
                    for (StixPatternParser.LiteralContext l : c.literal()) {
                        values.add(literal(l));
                    }
                    yield mark(new ComparisonExpr.In(path(c.objectPath()), c.NOT() != null, values), c.getStart());
                }
                case StixPatternParser.ExistsContext e -> mark(new ComparisonExpr.Exists(path(e.objectPath())), e.getStart());
                default -> throw new IllegalStateException("unknown test " + ctx.getClass());
            };
        }

        private ObjectPath path(StixPatternParser.ObjectPathContext ctx) {
            List<ObjectPath.Step> steps = new ArrayList<>();
            steps.add(new ObjectPath.Step.Member(name(ctx.propertyName())));
            for (StixPatternParser.PathStepContext s : ctx.pathStep()) {
                steps.add(switch (s) {
                    case StixPatternParser.MemberContext m -> new ObjectPath.Step.Member(name(m.propertyName()));
                    case StixPatternParser.IndexContext i -> new ObjectPath.Step.Index(index(i.IntLiteral().getSymbol()));
                    case StixPatternParser.AnyIndexContext a -> new ObjectPath.Step.AnyIndex();
                    default -> throw new IllegalStateException("unknown path step " + s.getClass());
                });
            }
            return mark(new ObjectPath(ctx.objectType().getText(), steps), ctx.getStart());
        }

        private static int index(Token t) {
            long v;
            try {
                v = Long.parseLong(t.getText());
            } catch (NumberFormatException e) {
                v = -1;
            }
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new PatternException(at(t), "list index " + t.getText() + " must be a non-negative integer");
            }
            return (int) v;
        }

        private static String name(StixPatternParser.PropertyNameContext ctx) {
            TerminalNode quoted = ctx.StringLiteral();
            if (quoted == null) {
                return ctx.getText();
            }
            String name = Literals.string(quoted.getText(), at(quoted.getSymbol()));
            if (name.isEmpty()) {
                throw new PatternException(at(quoted.getSymbol()), "a property name must not be empty");
            }
            return name;
        }

        private Literal literal(StixPatternParser.LiteralContext ctx) {
            Token t = ctx.getStart();
            Position p = at(t);
            Literal l = switch (t.getType()) {
                case StixPatternLexer.StringLiteral -> new Literal.Text(Literals.string(t.getText(), p));
                case StixPatternLexer.IntLiteral -> Literals.integer(t.getText(), p);
                case StixPatternLexer.FloatLiteral -> Literals.real(t.getText(), p);
                case StixPatternLexer.BoolLiteral -> new Literal.Bool(t.getText().equals("true"));
                case StixPatternLexer.BinaryLiteral -> Literals.binary(t.getText(), p);
                case StixPatternLexer.HexLiteral -> Literals.hex(t.getText(), p);
                case StixPatternLexer.TimestampLiteral -> Literals.timestamp(t.getText(), p);
                default -> throw new IllegalStateException("unknown literal " + t);
            };
            return mark(l, t);
        }
    }

}
