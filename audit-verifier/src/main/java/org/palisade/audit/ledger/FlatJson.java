// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.audit.ledger;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON for the ledger's flat objects: one object per line whose values are strings, integers (that fit a Java
 * {@code long}) or {@code null}. Anything else — nested values, booleans, fractions, exponents, duplicate keys,
 * text after the object — is rejected, because a lenient reader is where two implementations start to read
 * the same line differently.
 *
 * <p>Written form: no whitespace, keys in the order given, {@code "} {@code \} and control characters escaped
 * ({@code \n}, {@code \r}, {@code \t}, {@code \b}, {@code \f}, else {@code \}{@code u00XX}), everything else
 * as is (UTF-8).
 */
public final class FlatJson {

    private final String text;
    private int pos;

    private FlatJson(String text) {
        this.text = text;
    }

    /**
     * Parses one object. Values are {@link String}, {@link Long} or {@code null}; the map keeps the keys' order.
     *
     * @throws LedgerFormatException if {@code text} is not exactly one flat JSON object
     */
    public static Map<String, Object> parse(String text) {
        FlatJson parser = new FlatJson(text);
        Map<String, Object> object = parser.object();
        parser.skipWhitespace();
        if (parser.pos != text.length()) {
            throw parser.error("unexpected text after the object");
        }
        return Collections.unmodifiableMap(object);
    }

    /** Writes {@code object}, whose values must be {@link String}, {@link Long}, {@link Integer} or null. */
    public static String write(Map<String, ?> object) {
        StringBuilder out = new StringBuilder(256).append('{');
        boolean first = true;
        for (Map.Entry<String, ?> field : object.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            writeString(out, field.getKey());
            out.append(':');
            Object value = field.getValue();
            if (value == null) {
                out.append("null");
            } else if (value instanceof String) {
                writeString(out, (String) value);
            } else if (value instanceof Long || value instanceof Integer) {
                out.append(value);
            } else {
                throw new IllegalArgumentException("a ledger value is a string, an integer or null");
            }
        }
        return out.append('}').toString();
    }

    private static void writeString(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                default:
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    private Map<String, Object> object() {
        skipWhitespace();
        expect('{');
        Map<String, Object> object = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return object;
        }
        while (true) {
            skipWhitespace();
            int keyAt = pos;
            String key = string();
            if (object.containsKey(key)) {
                pos = keyAt;
                throw error("duplicate key \"" + key + "\"");
            }
            skipWhitespace();
            expect(':');
            skipWhitespace();
            object.put(key, value(key));
            skipWhitespace();
            char next = next("',' or '}'");
            if (next == '}') {
                return object;
            }
            if (next != ',') {
                pos--;
                throw error("expected ',' or '}'");
            }
        }
    }

    private Object value(String key) {
        char c = peek();
        if (c == '"') {
            return string();
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return integer(key);
        }
        if (text.startsWith("null", pos)) {
            pos += 4;
            return null;
        }
        throw error("the value of \"" + key + "\" is not a string, an integer or null");
    }

    private Long integer(String key) {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        int digitsStart = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        int digits = pos - digitsStart;
        if (digits == 0 || (digits > 1 && text.charAt(digitsStart) == '0')) {
            pos = start;
            throw error("the value of \"" + key + "\" is not a valid integer");
        }
        if (pos < text.length() && (text.charAt(pos) == '.' || text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            pos = start;
            throw error("the value of \"" + key + "\" is not an integer");
        }
        try {
            return Long.parseLong(text.substring(start, pos));
        } catch (NumberFormatException e) {
            pos = start;
            throw error("the value of \"" + key + "\" is out of range");
        }
    }

    private String string() {
        expect('"');
        StringBuilder value = new StringBuilder();
        while (true) {
            char c = next("the end of a string");
            if (c == '"') {
                return value.toString();
            }
            if (c < 0x20) {
                pos--;
                throw error("unescaped control character in a string");
            }
            if (c != '\\') {
                if (Character.isSurrogate(c)) {
                    surrogatePair(value, c, pos - 1);
                } else {
                    value.append(c);
                }
                continue;
            }
            char escape = next("an escape");
            switch (escape) {
                case '"': value.append('"'); break;
                case '\\': value.append('\\'); break;
                case '/': value.append('/'); break;
                case 'b': value.append('\b'); break;
                case 'f': value.append('\f'); break;
                case 'n': value.append('\n'); break;
                case 'r': value.append('\r'); break;
                case 't': value.append('\t'); break;
                case 'u':
                    char unit = hex4();
                    if (Character.isSurrogate(unit)) {
                        surrogatePair(value, unit, pos - 6);
                    } else {
                        value.append(unit);
                    }
                    break;
                default:
                    pos -= 2;
                    throw error("invalid escape in a string");
            }
        }
    }

    /**
     * Java strings hold UTF-16, so a lone surrogate would turn into '?' in UTF-8 and two different lines would
     * hash alike: refuse it. The low half may be raw or escaped, like the high half.
     */
    private void surrogatePair(StringBuilder value, char high, int at) {
        if (!Character.isHighSurrogate(high)) {
            throw errorAt(at, "unpaired surrogate in a string");
        }
        char low;
        if (text.startsWith("\\u", pos)) {
            pos += 2;
            low = hex4();
        } else if (pos < text.length()) {
            low = text.charAt(pos++);
        } else {
            throw errorAt(at, "unpaired surrogate in a string");
        }
        if (!Character.isLowSurrogate(low)) {
            throw errorAt(at, "unpaired surrogate in a string");
        }
        value.append(high).append(low);
    }

    private char hex4() {
        if (pos + 4 > text.length()) {
            throw error("truncated \\u escape");
        }
        int unit = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(pos + i), 16);
            if (digit < 0) {
                throw error("invalid \\u escape");
            }
            unit = unit * 16 + digit;
        }
        pos += 4;
        return (char) unit;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private char peek() {
        if (pos >= text.length()) {
            throw error("unexpected end of line");
        }
        return text.charAt(pos);
    }

    private char next(String expected) {
        if (pos >= text.length()) {
            throw error("unexpected end of line, expected " + expected);
        }
        return text.charAt(pos++);
    }

    private void expect(char c) {
        if (pos >= text.length() || text.charAt(pos) != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private LedgerFormatException error(String message) {
        return errorAt(pos, message);
    }

    private static LedgerFormatException errorAt(int at, String message) {
        return new LedgerFormatException(message + " (at character " + (at + 1) + ")");
    }
}
