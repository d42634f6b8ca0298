// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.custody;

import java.util.Objects;
import org.palisade.hsm.ledger.Outcome;

/**
 * A key custody operation failed or was refused. Callers act on the {@link Reason}, and an error mapper turns
 * it into fixed client text. The message is the reason's fixed text followed by, in brackets, a key alias such
 * as {@code storage-kek/2} or a rule the input broke: never input data, key material, or a dependency's error
 * text (that stays in the cause, for the server's own diagnosis).
 */
public final class CustodyException extends RuntimeException {

    public enum Reason {
        /** No such organisation key: not initialised, or a version that was never created. */
        KEY_MISSING("key-missing", Outcome.FAILURE, "no such organisation key"),
        /** The key ceremony found organisation keys already in the token and refused to overwrite them. */
        KEY_EXISTS("key-exists", Outcome.REFUSED, "organisation keys already exist; the key ceremony runs once"),
        /** The storage-kek version was destroyed (crypto-shredded): what it encrypted is gone for good. */
        KEY_DESTROYED("key-destroyed", Outcome.FAILURE, "key version destroyed; what it encrypted is unrecoverable"),
        /** The newest storage-kek version encrypts new DEKs, so it cannot be destroyed; rotate first. */
        KEY_IN_USE("key-in-use", Outcome.REFUSED, "the newest storage-kek version cannot be destroyed; rotate first"),
        /** The GCM tag did not verify: the wrapped DEK was altered, or the purpose (part of the AAD) is wrong. */
        TAMPERED_CIPHERTEXT("tampered-ciphertext", Outcome.FAILURE, "tampered ciphertext or wrong purpose"),
        /** The custody ledger could not record the operation, so it was refused (no unrecorded use). */
        LEDGER_UNAVAILABLE("ledger-unavailable", Outcome.FAILURE,
                "the custody ledger could not record the operation, so it was refused"),
        /** The token failed the operation. */
        HSM_FAILURE("hsm-failure", Outcome.FAILURE, "the HSM failed the operation"),
        /** An argument was malformed; the message says which rule it broke. */
        INVALID_INPUT("invalid-input", Outcome.FAILURE, "invalid input");

        private final String ledgerDetail;
        private final Outcome outcome;
        private final String text;

        Reason(String ledgerDetail, Outcome outcome, String text) {
            this.ledgerDetail = ledgerDetail;
            this.outcome = outcome;
            this.text = text;
        }

        /** The fixed word written to a ledger entry's {@code detail}. */
        public String ledgerDetail() {
            return ledgerDetail;
        }

        /** How a ledger entry for this reason ends: refused before the token was asked, or failed. */
        public Outcome outcome() {
            return outcome;
        }

        public String text() {
            return text;
        }
    }

    private final Reason reason;

    /** @param subject a key alias or a fixed rule text written by this package, never caller input */
    CustodyException(Reason reason, String subject) {
        this(reason, subject, null);
    }

    CustodyException(Reason reason, String subject, Throwable cause) {
        super(Objects.requireNonNull(reason, "reason").text() + " (" + Objects.requireNonNull(subject, "subject")
                + ")", cause);
        this.reason = reason;
    }

    static CustodyException invalidInput(String rule) {
        return new CustodyException(Reason.INVALID_INPUT, rule);
    }

    public Reason reason() {
        return reason;
    }
}
