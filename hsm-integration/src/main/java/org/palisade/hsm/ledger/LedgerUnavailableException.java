// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.ledger;

/** A ledger entry could not be written; the key operation that needed it is refused. */
public class LedgerUnavailableException extends RuntimeException {

    public LedgerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public LedgerUnavailableException(String message) {
        super(message);
    }
}
