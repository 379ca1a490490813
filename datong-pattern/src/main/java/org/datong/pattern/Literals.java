package org.datong.pattern;

import org.datong.stix.Timestamp;

import java.math.BigDecimal;
import java.util.Base64;

/**
 * Decodes and checks the text of literal tokens (STIX 2.1 section 9.2). Shared by
 * both parsers so they accept and reject exactly the same constants.
 */
final class Literals {
    /** STIX integers are JSON numbers; section 2.10 allows up to 2^53 - 1 in magnitude. */
    static final long MAX_INTEGER = (1L << 53) - 1;

    private Literals() {
    }

    /** Unescapes a quoted string token {@code '...'} (quotes included). */
    static String string(String token, Position at) {
        int end = token.length() - 1;
        StringBuilder sb = null;
        for (int i = 1; i < end; i++) {
            char c = token.charAt(i);
            if (c == '\\') {
                if (sb == null) {
                    sb = new StringBuilder(token.length());
                    sb.append(token, 1, i);
                }
                char next = i + 1 < end ? token.charAt(i + 1) : '\0';
                if (next != '\\' && next != '\'') {
                    throw new PatternException(at, "invalid escape in string literal: only \\' and \\\\ may follow a backslash");
                }
                sb.append(next);
                i++;
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? token.substring(1, end) : sb.toString();
    }

    static Literal.Int integer(String token, Position at) {
        long v;
        try {
            v = Long.parseLong(token);
        } catch (NumberFormatException e) {
            throw new PatternException(at, "integer " + token + " is out of range");
        }
        if (v > MAX_INTEGER || v < -MAX_INTEGER) {
            throw new PatternException(at, "integer " + token + " is out of range (at most 2^53-1 in magnitude)");
        }
        return new Literal.Int(v);
    }

    static Literal.Real real(String token, Position at) {
        try {
            return new Literal.Real(new BigDecimal(token));
        } catch (NumberFormatException e) {
            throw new PatternException(at, "malformed float " + token);
        }
    }

    /** {@code t'...'} */
    static Literal.Time timestamp(String token, Position at) {
        String body = token.substring(2, token.length() - 1);
        String problem = Timestamp.problem(body);
        if (problem != null) {
            throw new PatternException(at, "invalid timestamp literal: " + problem);
        }
        return new Literal.Time(Timestamp.parse(body));
    }

    /** {@code b'...'}: base64, line feeds and carriage returns ignored. */
    static Literal.Binary binary(String token, Position at) {
        String body = token.substring(2, token.length() - 1).replace("\n", "").replace("\r", "");
        if (body.length() % 4 != 0) {
            throw new PatternException(at, "invalid binary literal: base64 length must be a multiple of 4");
        }
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
                    || (c == '=' && i >= body.length() - 2);
            if (!ok) {
                throw new PatternException(at, "invalid binary literal: '" + c + "' is not a base64 character here");
            }
        }
        try {
            Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new PatternException(at, "invalid binary literal: " + e.getMessage());
        }
        return new Literal.Binary(body);
    }

    /** {@code h'...'}: an even number of hexadecimal digits. */
    static Literal.Hex hex(String token, Position at) {
        String body = token.substring(2, token.length() - 1);
        if (body.length() % 2 != 0) {
            throw new PatternException(at, "invalid hex literal: it needs an even number of hexadecimal digits");
        }
        for (int i = 0; i < body.length(); i++) {
            if (Character.digit(body.charAt(i), 16) < 0 || body.charAt(i) > 'f') {
                throw new PatternException(at, "invalid hex literal: '" + body.charAt(i) + "' is not a hexadecimal digit");
            }
        }
        return new Literal.Hex(body);
    }
}
