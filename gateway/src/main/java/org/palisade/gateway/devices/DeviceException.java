// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

/** A device registration or listing failed or was refused; the mapper turns the reason into a fixed problem. */
public class DeviceException extends RuntimeException {

    public enum Reason {
        /** Not in libsignal's device id range 1..127. */
        INVALID_DEVICE_ID,
        /** A key or signature is not valid base64 or not a key libsignal accepts. */
        MALFORMED_KEY,
        /** A prekey signature does not verify under the identity key. */
        BAD_SIGNATURE,
        /** A key id appears twice in one batch. */
        DUPLICATE_KEY_ID,
        /** The device id is live with another identity key: it must be revoked first. */
        IDENTITY_KEY_CONFLICT,
        /** No user of that username has used the gateway. */
        USER_NOT_FOUND,
        /** The caller (or the named user) has no live device of that id. */
        DEVICE_NOT_FOUND,
        /** A refill would leave more one-time prekeys of one kind than a device may hold. */
        TOO_MANY_PREKEYS,
        /** The HSM or the custody ledger could not issue the certificate. */
        CERTIFICATE_AUTHORITY_UNAVAILABLE,
        STORE_UNAVAILABLE
    }

    private final Reason reason;

    public DeviceException(Reason reason) {
        this(reason, null);
    }

    public DeviceException(Reason reason, Throwable cause) {
        super(reason.name(), cause, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
