package org.datong.detect;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Zeek's tab-separated logs: the {@code #separator} and {@code #fields}
 * header lines say which column holds which field; data lines report the
 * values of mapped columns. {@code -} (unset) and {@code (empty)} carry nothing.
 */
final class ZeekEvents {
    private final FieldMapping mapping;
    private final TextScanner scanner;
    private byte separator = '\t';
    private FieldMapping.Rule[] columns = new FieldMapping.Rule[0];
    private int timeColumn = -1;
    private byte[] b;
    private int timeFrom = -1;
    private int timeTo;

    ZeekEvents(FieldMapping mapping, TextScanner scanner) {
        this.mapping = mapping;
        this.scanner = scanner;
    }

    /** Handles one line; returns null when fine, else the problem. */
    String line(byte[] bytes, int from, int to, Observations sink) {
        b = bytes;
        timeFrom = -1;
        if (to > from && bytes[from] == '#') {
            header(new String(bytes, from, to - from, StandardCharsets.UTF_8));
            return null;
        }
        if (columns.length == 0) {
            return "a data line before the '#fields' header";
        }
        int col = 0;
        int start = from;
        for (int k = from; k <= to; k++) {
            if (k == to || bytes[k] == separator) {
                if (col < columns.length) {
                    FieldMapping.Rule rule = columns[col];
                    if (rule != null && k > start) {
                        switch (rule.role()) {
                            case SCAN -> scanner.scan(bytes, start, k, sink);
                            case TIME -> {
                                timeFrom = start;
                                timeTo = k;
                            }
                            case STIX -> {
                                String v = sink.wantsOther() ? new String(bytes, start, k - start, StandardCharsets.UTF_8) : "-";
                                if (!v.equals("-") && !v.equals("(empty)")) {
                                    sink.other(rule.property(), v);
                                }
                            }
                        }
                    }
                }
                col++;
                start = k + 1;
            }
        }
        return null;
    }

    long timeMillis() {
        return timeFrom < 0 ? -1 : EventTime.parse(b, timeFrom, timeTo);
    }

    private void header(String line) {
        if (line.startsWith("#separator")) {
            String v = line.substring("#separator".length()).strip();
            if (v.startsWith("\\x") && v.length() == 4) {
                separator = (byte) Integer.parseInt(v.substring(2), 16);
            } else if (v.length() == 1) {
                separator = (byte) v.charAt(0);
            }
        } else if (line.startsWith("#fields")) {
            String[] names = line.substring("#fields".length() + 1).split(String.valueOf((char) separator), -1);
            List<FieldMapping.Rule> rules = new ArrayList<>();
            timeColumn = -1;
            for (int i = 0; i < names.length; i++) {
                FieldMapping.Rule r = mapping.rule(names[i]);
                rules.add(r);
                if (r != null && r.role() == FieldMapping.Role.TIME && timeColumn < 0) {
                    timeColumn = i;
                }
            }
            columns = rules.toArray(FieldMapping.Rule[]::new);
        }
    }
}
