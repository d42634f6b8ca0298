// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.delivery;

/**
 * Why the gateway closes a delivery socket: WebSocket close codes in the private range 4000-4999, mirroring the
 * HTTP status they correspond to, with fixed reasons that carry no input.
 */
enum SocketRefusal {
    /** No valid token in time, or a token the gateway does not accept (signature, issuer, audience, expiry). */
    UNAUTHENTICATED(4401, "authentication required: send {\"type\":\"auth\",\"token\":...,\"deviceId\":...} first"),
    /** The token lacks the staff role, the device is not a live device of the token's user, or it changed. */
    FORBIDDEN(4403, "not a live device of this staff member"),
    /** The token expired and no fresh one arrived; connect again with a fresh token. */
    TOKEN_EXPIRED(4408, "token expired"),
    /** The device was revoked while connected. */
    DEVICE_REVOKED(4410, "device revoked"),
    /** The device did not take a pushed envelope in time (it stopped reading); connect again. */
    TOO_SLOW(4429, "not reading pushed envelopes; connect again"),
    /** A store the gateway needs is unavailable; connect again later. */
    UNAVAILABLE(1011, "service unavailable, try again later");

    private final int code;
    private final String reason;

    SocketRefusal(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    int code() {
        return code;
    }

    String reason() {
        return reason;
    }
}
