// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.token;

import java.util.Objects;

/**
 * The HSM could not be reached or used. The {@link Reason} says what to fix; the message adds operator detail
 * (library path, token label, PKCS#11 return code) and never a PIN, so it may be logged but must not be sent
 * to clients, who get fixed text chosen by the reason.
 */
public final class HsmException extends RuntimeException {

    public enum Reason {
        /** The JVM was started without the add-exports option that {@link Pkcs11Token} needs. */
        JVM_NOT_CONFIGURED,
        /** No file at the configured PKCS#11 library path. */
        LIBRARY_MISSING,
        /** The file exists but could not be loaded or initialised as a PKCS#11 library. */
        LIBRARY_UNUSABLE,
        /** No initialised token carries the configured label. */
        TOKEN_NOT_FOUND,
        /** More than one token carries the configured label, so the choice would be arbitrary. */
        TOKEN_AMBIGUOUS,
        /** This process is already logged in to the token, so a login could not check the PIN. */
        TOKEN_ALREADY_OPEN,
        /** The PIN's file or environment variable is missing, unreadable or empty. */
        PIN_UNAVAILABLE,
        /** The token rejected the PIN (CKR_PIN_INCORRECT, CKR_PIN_LEN_RANGE). */
        PIN_INCORRECT,
        /** The token has locked the user PIN after too many wrong attempts; an officer must unlock it. */
        PIN_LOCKED,
        /** Any other failure reported by the token or the provider. */
        TOKEN_FAILURE
    }

    private final Reason reason;

    HsmException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    HsmException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
