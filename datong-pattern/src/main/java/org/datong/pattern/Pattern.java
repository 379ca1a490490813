package org.datong.pattern;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A STIX pattern that was read and checked by {@link Patterns#parse}: its tree,
 * the text it came from, and where each node of the tree was written (for
 * messages). Two patterns are equal when their trees are equal, whatever their
 * spelling. Immutable and thread-safe; evaluate it as often as you like.
 */
public final class Pattern {
    private final ObservationExpr root;
    private final String text;
    /** Node (by identity) to where it starts in the text. */
    private final Map<Object, Position> positions;
    /** Comparison node (by identity) to its prepared operand: a compiled regular expression or a network. */
    private final Map<Object, Object> prepared;
    /** The canonical text, computed on first use. */
    private String canonical;

    Pattern(ObservationExpr root, String text, Map<Object, Position> positions) {
        this(root, text, positions, Map.of());
    }

    private Pattern(ObservationExpr root, String text, Map<Object, Position> positions, Map<Object, Object> prepared) {
        this.root = Objects.requireNonNull(root, "root");
        this.text = Objects.requireNonNull(text, "text");
        this.positions = positions;
        this.prepared = prepared;
    }

    /** This pattern with its operands prepared by the checker; all state is in place before the object is shared. */
    Pattern withPrepared(Map<Object, Object> operands) {
        return new Pattern(root, text, positions, new IdentityHashMap<>(operands));
    }

    /** The pattern expression tree. */
    public ObservationExpr root() {
        return root;
    }

    /** The text the pattern was read from. */
    public String text() {
        return text;
    }

    /** Where the node starts in {@link #text()}, or 1:1 when unknown (a node built in code). */
    Position position(Object node) {
        Position p = positions.get(node);
        return p == null ? Position.START : p;
    }

    Object prepared(Object node) {
        return prepared.get(node);
    }

    /** The canonical text of this pattern (see {@link Patterns#print}). */
    @Override
    public String toString() {
        return canonical();
    }

    /**
     * Printing is one-to-one on trees (reading the canonical text gives the tree
     * back), so comparing canonical texts compares trees, without recursing
     * once per operator of a long chain as record equality would.
     */
    private String canonical() {
        String c = canonical;
        if (c == null) {
            c = Printer.print(root);
            canonical = c;   // a benign race: every thread computes the same immutable string
        }
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Pattern p && p.canonical().equals(canonical());
    }

    @Override
    public int hashCode() {
        return canonical().hashCode();
    }
}
