// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.audit.ledger;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Typed, strict access to one parsed line's fields: exactly the expected keys, each of the expected type. */
final class LedgerFields {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern PRINCIPAL = Pattern.compile("(service|person):[A-Za-z0-9._@-]{1,64}");
    static final int MAX_TEXT = 200;

    private final String type;
    private final Map<String, Object> fields;

    LedgerFields(String type, Map<String, Object> fields, List<String> expected) {
        this.type = type;
        this.fields = fields;
        Set<String> missing = new LinkedHashSet<>(expected);
        missing.removeAll(fields.keySet());
        List<String> unknown = new ArrayList<>(fields.keySet());
        unknown.removeAll(expected);
        if (!unknown.isEmpty()) {
            throw new LedgerFormatException("unknown field \"" + unknown.get(0) + "\" in a " + type + " line");
        }
        if (!missing.isEmpty()) {
            throw new LedgerFormatException("missing field \"" + missing.iterator().next() + "\" in a " + type + " line");
        }
    }

    String string(String name) {
        Object value = fields.get(name);
        if (!(value instanceof String)) {
            throw new LedgerFormatException("field \"" + name + "\" of a " + type + " line must be a string");
        }
        return (String) value;
    }

    long integer(String name) {
        Object value = fields.get(name);
        if (!(value instanceof Long)) {
            throw new LedgerFormatException("field \"" + name + "\" of a " + type + " line must be an integer");
        }
        return (Long) value;
    }

    int positiveInt(String name) {
        long value = integer(name);
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw new LedgerFormatException("field \"" + name + "\" of a " + type + " line must be from 1 to "
                    + Integer.MAX_VALUE);
        }
        return (int) value;
    }

    static long requirePositive(String name, long value) {
        if (value < 1) {
            throw new LedgerFormatException("\"" + name + "\" starts at 1");
        }
        return value;
    }

    static String requireName(String name, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new LedgerFormatException("\"" + name + "\" is 1-64 letters, digits or . _ -");
        }
        return value;
    }

    static String requirePrincipal(String value) {
        if (value == null || !PRINCIPAL.matcher(value).matches()) {
            throw new LedgerFormatException("\"principal\" is service:NAME or person:NAME");
        }
        return value;
    }

    static String requireOneOf(String name, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw new LedgerFormatException("\"" + name + "\" is one of " + String.join(", ", allowed));
        }
        return value;
    }

    /** Free text (purpose, detail): no control characters, whole characters only, at most 200 UTF-16 units. */
    static String requireText(String name, String value) {
        if (value == null || value.length() > MAX_TEXT) {
            throw new LedgerFormatException("\"" + name + "\" is at most " + MAX_TEXT + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                throw new LedgerFormatException("\"" + name + "\" contains a control character");
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new LedgerFormatException("\"" + name + "\" contains an unpaired surrogate");
            }
        }
        return value;
    }

    static String requireHash(String name, String value) {
        if (value == null || !LedgerFormat.isHash(value)) {
            throw new LedgerFormatException("\"" + name + "\" is 64 lower-case hex digits");
        }
        return value;
    }

    static String requireTime(String name, String value) {
        if (value == null) {
            throw new LedgerFormatException("\"" + name + "\" is required");
        }
        LedgerFormat.parseTime(value);
        return value;
    }

    static String requireBase64(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw new LedgerFormatException("\"" + name + "\" is required");
        }
        try {
            Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new LedgerFormatException("\"" + name + "\" is not base64");
        }
        return value;
    }
}
