// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.envelopes;

import java.util.List;

/** A submission was refused or could not be accepted; the mapper turns the reason into a fixed problem. */
public class EnvelopeException extends RuntimeException {

    public enum Reason {
        /** No envelopes, too many, or a field missing or out of range. */
        INVALID_ENVELOPES,
        /** Content that is not base64. */
        MALFORMED_CONTENT,
        /** One envelope, or the request in all, carries more ciphertext than allowed. */
        TOO_LARGE,
        /** Two envelopes for one recipient device, or one for the sending device itself. */
        DUPLICATE_DESTINATION,
        /** A recipient no user of that name has used the gateway, or one with no live device. */
        UNKNOWN_RECIPIENT,
        /** The sending device is not a live device of the caller. */
        SENDER_DEVICE_NOT_FOUND,
        /** The request does not address exactly the live devices: see {@link #mismatches()}. */
        STALE_DEVICE_LIST,
        /** The sending device made too many requests. */
        RATE_LIMITED,
        /** Kafka, the database or the HSM could not take the envelopes; nothing was sent. */
        UNAVAILABLE
    }

    private final Reason reason;
    private final transient List<DeviceListMismatch> mismatches;

    public EnvelopeException(Reason reason) {
        this(reason, null, List.of());
    }

    public EnvelopeException(Reason reason, Throwable cause) {
        this(reason, cause, List.of());
    }

    private EnvelopeException(Reason reason, Throwable cause, List<DeviceListMismatch> mismatches) {
        super(reason.name(), cause, false, false);
        this.reason = reason;
        this.mismatches = List.copyOf(mismatches);
    }

    static EnvelopeException staleDeviceList(List<DeviceListMismatch> mismatches) {
        return new EnvelopeException(Reason.STALE_DEVICE_LIST, null, mismatches);
    }

    public Reason reason() {
        return reason;
    }

    public List<DeviceListMismatch> mismatches() {
        return mismatches;
    }
}
