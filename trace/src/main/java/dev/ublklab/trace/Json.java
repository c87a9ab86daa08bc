package dev.ublklab.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON this format needs, and no more: a scanner over one line (objects, arrays, strings,
 * integers, true/false/null) and string escaping as Jackson writes it (short escapes for \b \t
 * \n \f \r, backslash-u00XX for other control characters, everything else as is), so that traces
 * written before this codec read back and write out byte for byte.
 */
final class Json {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Json() {}

    static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\b' -> b.append("\\b");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\f' -> b.append("\\f");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20) {
                        b.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 15]);
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    /** A cursor over one line; every error names the column. */
    static final class Scan {
        private final String s;
        private int i;

        Scan(String s) {
            this.s = s;
        }

        TraceException error(String what) {
            return new TraceException(what + " at column " + (i + 1));
        }

        private void ws() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\r')) {
                i++;
            }
        }

        char peek() {
            ws();
            if (i >= s.length()) {
                throw error("unexpected end of line");
            }
            return s.charAt(i);
        }

        void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "' but found '" + s.charAt(i) + "'");
            }
            i++;
        }

        /** After '{' or a value: the next key, or null at '}' (consumed). */
        String key(boolean first) {
            char c = peek();
            if (c == '}') {
                i++;
                return null;
            }
            if (!first) {
                expect(',');
            }
            String k = known();
            expect(':');
            return k;
        }

        /** Keys every line repeats: returned as these very strings, so reading a key allocates nothing. */
        private static final String[] KNOWN = known(
                "seq", "t", "src", "event", "end", "type", "queue", "tag", "index", "worker", "choice", "io");

        private static String[] known(String... fixed) {
            java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(fixed));
            for (dev.ublklab.model.Fact f : dev.ublklab.model.Fact.values()) {
                all.add(f.wire());
            }
            return all.toArray(String[]::new);
        }

        /** A key: one of {@link #KNOWN} when it is (no escapes can hide in these), else read as any string. */
        private String known() {
            if (peek() == '"') {
                int start = i + 1;
                int end = s.indexOf('"', start);
                if (end > start && s.charAt(end - 1) != '\\') {
                    int n = end - start;
                    for (String k : KNOWN) {
                        if (k.length() == n && s.regionMatches(start, k, 0, n)) {
                            i = end + 1;
                            return k;
                        }
                    }
                }
            }
            return string();
        }

        boolean atEnd() {
            ws();
            return i >= s.length();
        }

        boolean isString() {
            return peek() == '"';
        }

        String string() {
            expect('"');
            int start = i;
            while (i < s.length() && s.charAt(i) != '"' && s.charAt(i) != '\\') {
                i++;
            }
            if (i < s.length() && s.charAt(i) == '"') {
                return s.substring(start, i++);
            }
            StringBuilder b = new StringBuilder(s.substring(start, i));
            while (true) {
                if (i >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                if (i >= s.length()) {
                    throw error("unterminated string");
                }
                char e = s.charAt(i++);
                switch (e) {
                    case '"', '\\', '/' -> b.append(e);
                    case 'b' -> b.append('\b');
                    case 't' -> b.append('\t');
                    case 'n' -> b.append('\n');
                    case 'f' -> b.append('\f');
                    case 'r' -> b.append('\r');
                    case 'u' -> {
                        if (i + 4 > s.length()) {
                            throw error("bad \\u escape");
                        }
                        try {
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        } catch (NumberFormatException x) {
                            throw error("bad \\u escape");
                        }
                        i += 4;
                    }
                    default -> throw error("bad escape \\" + e);
                }
            }
        }

        long integer() {
            ws();
            int start = i;
            if (i < s.length() && s.charAt(i) == '-') {
                i++;
            }
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (i == start || (i == start + 1 && s.charAt(start) == '-')) {
                throw error("expected a number");
            }
            if (i < s.length() && (s.charAt(i) == '.' || s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                throw error("expected an integer");
            }
            try {
                return Long.parseLong(s, start, i, 10);
            } catch (NumberFormatException x) {
                throw error("number out of range");
            }
        }

        int int32() {
            long v = integer();
            if (v < Integer.MIN_VALUE + 1L || v > Integer.MAX_VALUE) {
                throw error("number out of range");
            }
            return (int) v;
        }

        /** Any value: Map (insertion order), List, String, Long, Boolean or null. */
        Object value() {
            char c = peek();
            switch (c) {
                case '{' -> {
                    i++;
                    Map<String, Object> m = new LinkedHashMap<>();
                    for (String k = key(true); k != null; k = key(false)) {
                        m.put(k, value());
                    }
                    return m;
                }
                case '[' -> {
                    i++;
                    List<Object> l = new ArrayList<>();
                    if (peek() == ']') {
                        i++;
                        return l;
                    }
                    while (true) {
                        l.add(value());
                        if (peek() == ']') {
                            i++;
                            return l;
                        }
                        expect(',');
                    }
                }
                case '"' -> {
                    return string();
                }
                case 't', 'f', 'n' -> {
                    for (String word : new String[] {"true", "false", "null"}) {
                        if (s.startsWith(word, i)) {
                            i += word.length();
                            return word.equals("null") ? null : word.equals("true");
                        }
                    }
                    throw error("unexpected '" + c + "'");
                }
                default -> {
                    return integer();
                }
            }
        }
    }
}
