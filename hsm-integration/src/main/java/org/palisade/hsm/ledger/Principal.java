// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.ledger;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who asked for a use of an organisation key: a service (the gateway, the key ceremony) or a person (an
 * admin, by their SSO username). Written to the custody ledger as {@code service:gateway} or
 * {@code person:alice}.
 */
public record Principal(Kind kind, String name) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    public enum Kind { SERVICE, PERSON }

    public Principal {
        Objects.requireNonNull(kind, "kind");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a principal's name is 1-64 letters, digits or . _ @ -");
        }
    }

    public static Principal service(String name) {
        return new Principal(Kind.SERVICE, name);
    }

    public static Principal person(String name) {
        return new Principal(Kind.PERSON, name);
    }

    /** The ledger form, {@code service:NAME} or {@code person:NAME}. */
    public String ledgerName() {
        return kind.name().toLowerCase() + ":" + name;
    }

    public static Principal parse(String ledgerName) {
        int colon = ledgerName.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("a principal is service:NAME or person:NAME");
        }
        return new Principal(Kind.valueOf(ledgerName.substring(0, colon).toUpperCase()), ledgerName.substring(colon + 1));
    }
}
