package io.github.lockwatch.inspect;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A minimal JSON writer (one object at a time) and reader (enough for audit lines). */
final class JsonText {

    private final StringBuilder sb = new StringBuilder("{");
    private boolean first = true;

    static JsonText object() {
        return new JsonText();
    }

    private JsonText key(String name) {
        if (!first) {
            sb.append(',');
        }
        first = false;
        quoteInto(sb, name);
        sb.append(':');
        return this;
    }

    JsonText put(String name, String value) {
        key(name);
        if (value == null) {
            sb.append("null");
        } else {
            quoteInto(sb, value);
        }
        return this;
    }

    JsonText put(String name, long value) {
        key(name).sb.append(value);
        return this;
    }

    JsonText put(String name, boolean value) {
        key(name).sb.append(value);
        return this;
    }

    JsonText put(String name, Instant value) {
        return put(name, value == null ? null : value.toString());
    }

    JsonText putMillis(String name, Duration value) {
        key(name).sb.append(value == null ? "null" : Long.toString(value.toMillis()));
        return this;
    }

    JsonText putRaw(String name, String json) {
        key(name).sb.append(json == null ? "null" : json);
        return this;
    }

    JsonText putStrings(String name, Collection<String> values) {
        key(name).sb.append('[');
        boolean f = true;
        for (String v : values) {
            if (!f) {
                sb.append(',');
            }
            f = false;
            quoteInto(sb, v);
        }
        sb.append(']');
        return this;
    }

    <T> JsonText putArray(String name, Collection<T> values, Function<T, String> toJson) {
        key(name).sb.append('[');
        boolean f = true;
        for (T v : values) {
            if (!f) {
                sb.append(',');
            }
            f = false;
            sb.append(toJson.apply(v));
        }
        sb.append(']');
        return this;
    }

    String end() {
        return sb.append('}').toString();
    }

    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(s.length() + 2);
        quoteInto(b, s);
        return b.toString();
    }

    static void quoteInto(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029 || Character.isSurrogate(c)
                            && !validSurrogateAt(s, i)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    private static boolean validSurrogateAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    // ---- reading -------------------------------------------------------------------------------

    /** Parses one JSON value: objects become LinkedHashMap, arrays List, numbers Long or Double. */
    static Object parse(String text) {
        Reader r = new Reader(text);
        Object v = r.value();
        r.ws();
        if (r.pos != text.length()) {
            throw new IllegalArgumentException("trailing text at " + r.pos);
        }
        return v;
    }

    private static final class Reader {
        final String s;
        int pos;

        Reader(String s) {
            this.s = s;
        }

        void ws() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        char peek() {
            ws();
            if (pos >= s.length()) {
                throw new IllegalArgumentException("unexpected end");
            }
            return s.charAt(pos);
        }

        void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("expected " + c + " at " + pos);
            }
            pos++;
        }

        Object value() {
            char c = peek();
            switch (c) {
                case '{': {
                    pos++;
                    Map<String, Object> m = new LinkedHashMap<>();
                    if (peek() == '}') {
                        pos++;
                        return m;
                    }
                    while (true) {
                        String k = string();
                        expect(':');
                        m.put(k, value());
                        if (peek() == ',') {
                            pos++;
                            continue;
                        }
                        expect('}');
                        return m;
                    }
                }
                case '[': {
                    pos++;
                    List<Object> l = new ArrayList<>();
                    if (peek() == ']') {
                        pos++;
                        return l;
                    }
                    while (true) {
                        l.add(value());
                        if (peek() == ',') {
                            pos++;
                            continue;
                        }
                        expect(']');
                        return l;
                    }
                }
                case '"':
                    return string();
                default:
                    if (s.startsWith("null", pos)) {
                        pos += 4;
                        return null;
                    }
                    if (s.startsWith("true", pos)) {
                        pos += 4;
                        return Boolean.TRUE;
                    }
                    if (s.startsWith("false", pos)) {
                        pos += 5;
                        return Boolean.FALSE;
                    }
                    int start = pos;
                    while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
                        pos++;
                    }
                    String num = s.substring(start, pos);
                    if (num.isEmpty()) {
                        throw new IllegalArgumentException("unexpected " + c + " at " + start);
                    }
                    if (num.contains(".") || num.contains("e") || num.contains("E")) {
                        return Double.parseDouble(num);
                    }
                    return Long.parseLong(num);
            }
        }

        String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                if (pos >= s.length()) {
                    throw new IllegalArgumentException("unterminated string");
                }
                char c = s.charAt(pos++);
                if (c == '"') {
                    return b.toString();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    default -> b.append(e);
                }
            }
        }
    }
}
