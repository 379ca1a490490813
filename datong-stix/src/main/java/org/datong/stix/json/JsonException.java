package org.datong.stix.json;

/**
 * Input that is not acceptable JSON: malformed syntax, invalid UTF-8, a
 * duplicate key, nesting deeper than the limit, a number or string beyond
 * the limits. Says what is wrong and where: line and column (1-based), the
 * byte or character offset, and the JSON path of the enclosing value.
 */
public final class JsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String reason;
    private final long line;
    private final long column;
    private final long offset;
    private final String path;

    public JsonException(String reason, long line, long column, long offset, String path) {
        super(describe(reason, line, column, path));
        this.reason = reason;
        this.line = line;
        this.column = column;
        this.offset = offset;
        this.path = path;
    }

    private static String describe(String reason, long line, long column, String path) {
        StringBuilder sb = new StringBuilder(reason);
        if (line > 0) {
            sb.append(" at line ").append(line).append(", column ").append(column);
        }
        if (path != null && !path.isEmpty() && !"$".equals(path)) {
            sb.append(" (in ").append(path).append(')');
        }
        return sb.toString();
    }

    /** What is wrong, without the position. */
    public String reason() {
        return reason;
    }

    /** 1-based line, or -1 when unknown. */
    public long line() {
        return line;
    }

    /** 1-based column, or -1 when unknown. */
    public long column() {
        return column;
    }

    /** Byte offset (character offset for text input), or -1 when unknown. */
    public long offset() {
        return offset;
    }

    /** JSON path of the value being read, like {@code $.objects[3].name}. */
    public String path() {
        return path;
    }
}
