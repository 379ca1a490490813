package org.datong.pattern;

/** Where something is in a pattern's text: 1-based line and column (in code points). */
record Position(int line, int column) {
    static final Position START = new Position(1, 1);

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
