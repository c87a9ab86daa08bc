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

    /**
     * A cursor over one line, held as characters {@code a[from, to)} (the reader's buffer, not a
     * String per line); every error names the column.
     */
    static final class Scan {
        private char[] a;
        private int from;
        private int to;
        private int i;
        /** The last string {@link #name} read: where its characters are, or its text when it held escapes. */
        private int tokFrom;
        private int tokTo;
        private String tokText;
        private int tokHash;

        Scan(String s) {
            this(s.toCharArray(), 0, s.length());
        }

        Scan(char[] a, int from, int to) {
            this.a = a;
            this.from = from;
            this.to = to;
            this.i = from;
        }

        /** This cursor over {@code a[from, to)} instead, at its start. */
        Scan reset(char[] chars, int start, int end) {
            this.a = chars;
            this.from = start;
            this.to = end;
            this.i = start;
            this.tokText = null;
            return this;
        }

        TraceException error(String what) {
            return new TraceException(what + " at column " + (i - from + 1));
        }

        private void ws() {
            while (i < to && (a[i] == ' ' || a[i] == '\t' || a[i] == '\r')) {
                i++;
            }
        }

        char peek() {
            ws();
            if (i >= to) {
                throw error("unexpected end of line");
            }
            return a[i];
        }

        void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "' but found '" + a[i] + "'");
            }
            i++;
        }

        /** After '{' or a value: the next key, or null at '}' (consumed). */
        String key(boolean first) {
            return key(first, null);
        }

        /**
         * {@link #key(boolean)}, tried first against {@code likely} (the key this codec writes
         * next, returned as that very String): a plain comparison instead of a look-up.
         */
        String key(boolean first, String likely) {
            char c = peek();
            if (c == '}') {
                i++;
                return null;
            }
            if (!first) {
                expect(',');
            }
            if (likely != null && peek() == '"' && quoted(likely)) {
                expect(':');
                return likely;
            }
            String k = name(KNOWN);
            if (k == null) {
                k = lastText();
            }
            expect(':');
            return k;
        }

        /** Whether {@code "k"} stands at the cursor (then it is consumed). */
        private boolean quoted(String k) {
            int n = k.length();
            if (i + n + 2 > to || a[i + n + 1] != '"') {
                return false;
            }
            for (int j = 0; j < n; j++) {
                if (a[i + 1 + j] != k.charAt(j)) {
                    return false;
                }
            }
            i += n + 2;
            return true;
        }

        /**
         * Keys every line repeats, and the header's (once per IO there): returned as these very
         * strings, so reading a key allocates nothing.
         */
        private static final Names<String> KNOWN = known(
                "seq", "t", "src", "event", "end", "type", "queue", "tag", "index", "worker", "choice", "io",
                "trace", "version", "scenario", "variant", "seed", "queues", "depth", "ios", "id", "op", "sector", "bytes",
                "scenarioFile", "verdict", "invariant", "explanation", "step", "schedule");

        private static Names<String> known(String... fixed) {
            Names<String> t = new Names<>();
            for (String k : fixed) {
                t.put(k, k);
            }
            for (dev.ublklab.model.Fact f : dev.ublklab.model.Fact.values()) {
                t.put(f.wire(), f.wire());
            }
            return t;
        }

        /**
         * Reads a string and returns what {@code table} holds for it, or null when it holds nothing
         * (then {@link #lastText()} is the string). Without escapes (every name this format writes)
         * the look-up reads the line's characters and makes no String.
         */
        <V> V name(Names<V> table) {
            expect('"');
            int start = i;
            int h = 0;
            while (i < to) {
                char c = a[i];
                if (c == '"') {
                    tokFrom = start;
                    tokTo = i++;
                    tokHash = h;
                    tokText = null;
                    return table.get(a, start, tokTo, h);
                }
                if (c == '\\') {
                    break;
                }
                h = 31 * h + c;
                i++;
            }
            i = start - 1;
            String s = string();
            tokText = s;
            char[] cs = s.toCharArray();
            return table.get(cs, 0, cs.length, s.hashCode());
        }

        /** The text of the last string {@link #name} read. */
        String lastText() {
            return tokText != null ? tokText : new String(a, tokFrom, tokTo - tokFrom);
        }

        /** The text of the last string {@link #name} read, shared with earlier equal ones through {@code pool}. */
        String lastText(Names<String> pool) {
            if (tokText != null) {
                return tokText;
            }
            int h = tokHash;
            String s = pool.key(a, tokFrom, tokTo, h);
            if (s == null) {
                s = new String(a, tokFrom, tokTo - tokFrom);
                if (pool.size() < 4096) {
                    pool.put(s, s);
                }
            }
            return s;
        }

        boolean atEnd() {
            ws();
            return i >= to;
        }

        boolean isString() {
            return peek() == '"';
        }

        String string() {
            expect('"');
            int start = i;
            while (i < to && a[i] != '"' && a[i] != '\\') {
                i++;
            }
            if (i < to && a[i] == '"') {
                return new String(a, start, i++ - start);
            }
            StringBuilder b = new StringBuilder().append(a, start, i - start);
            while (true) {
                if (i >= to) {
                    throw error("unterminated string");
                }
                char c = a[i++];
                if (c == '"') {
                    return b.toString();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                if (i >= to) {
                    throw error("unterminated string");
                }
                char e = a[i++];
                switch (e) {
                    case '"', '\\', '/' -> b.append(e);
                    case 'b' -> b.append('\b');
                    case 't' -> b.append('\t');
                    case 'n' -> b.append('\n');
                    case 'f' -> b.append('\f');
                    case 'r' -> b.append('\r');
                    case 'u' -> {
                        if (i + 4 > to) {
                            throw error("bad \\u escape");
                        }
                        try {
                            b.append((char) Integer.parseInt(new String(a, i, 4), 16));
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
            boolean neg = i < to && a[i] == '-';
            if (neg) {
                i++;
            }
            long v = 0;
            int digits = 0;
            while (i < to && a[i] >= '0' && a[i] <= '9') {
                v = v * 10 + (a[i] - '0');
                digits++;
                i++;
            }
            if (i < to && Character.isDigit(a[i])) {
                // a digit outside ASCII: what Long.parseLong makes of it
                while (i < to && Character.isDigit(a[i])) {
                    i++;
                }
                digits = 19;
            }
            if (digits == 0) {
                throw error("expected a number");
            }
            if (i < to && (a[i] == '.' || a[i] == 'e' || a[i] == 'E')) {
                throw error("expected an integer");
            }
            if (digits < 19) {
                return neg ? -v : v;
            }
            try {
                return Long.parseLong(new String(a, start, i - start));
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
                        if (startsWith(word)) {
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

        private boolean startsWith(String word) {
            if (to - i < word.length()) {
                return false;
            }
            for (int k = 0; k < word.length(); k++) {
                if (a[i + k] != word.charAt(k)) {
                    return false;
                }
            }
            return true;
        }
    }
}
