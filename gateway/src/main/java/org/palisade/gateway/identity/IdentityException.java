// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.identity;

/** The caller's verified token cannot be turned into a user, or the user store is unreachable. */
public class IdentityException extends RuntimeException {

    public enum Reason {
        /** The token lacks a UUID subject or a username; Keycloak always sets both. */
        UNUSABLE_TOKEN,
        STORE_UNAVAILABLE
    }

    private final Reason reason;

    public IdentityException(Reason reason, Throwable cause) {
        super(reason.name(), cause, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
