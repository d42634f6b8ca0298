// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.audit.ledger;

/** A ledger line, or a value for one, does not follow the format ({@code palisade-custody-ledger/1}). */
public class LedgerFormatException extends IllegalArgumentException {

    public LedgerFormatException(String message) {
        super(message);
    }
}
