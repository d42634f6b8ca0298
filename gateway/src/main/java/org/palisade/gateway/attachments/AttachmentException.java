// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.attachments;

/** An attachment upload or download was refused or failed; the mapper turns the reason into a fixed problem. */
public class AttachmentException extends RuntimeException {

    public enum Reason {
        /** The body was empty. */
        EMPTY,
        /** More bytes arrived than {@link AttachmentsConfig#maxSize()} allows. */
        TOO_LARGE,
        /** The body could not be read to its end (the client went away or sent a broken stream). */
        INCOMPLETE,
        /**
         * No attachment of that id: malformed, never uploaded, past its retention (deleted or not yet), or
         * stored bytes that do not open. The cases are deliberately not told apart.
         */
        NOT_FOUND,
        /** The database, the epoch keys or the HSM cannot be reached. */
        STORE_UNAVAILABLE
    }

    private final Reason reason;

    public AttachmentException(Reason reason) {
        this(reason, null);
    }

    public AttachmentException(Reason reason, Throwable cause) {
        super(reason.name(), cause, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
