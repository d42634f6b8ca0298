// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.epochs;

/** Data sealed under an epoch key could not be sealed or opened. */
public class EpochException extends RuntimeException {

    public enum Reason {
        /** The key store (PostgreSQL) or the HSM cannot be reached: try again later. */
        UNAVAILABLE,
        /** The sealed bytes are malformed, tampered with, or were sealed for another purpose or context. */
        UNREADABLE,
        /** The epoch's key no longer exists: its retention has passed and the data is gone for good. */
        EXPIRED
    }

    private final Reason reason;

    public EpochException(Reason reason, Throwable cause) {
        super(reason.name(), cause, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
