// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.ledger;

/**
 * The append-only record of every use of an organisation key. There is no update or delete: the only way to
 * change the record is to append to it. Custody code calls {@link #append} for every operation and refuses
 * the operation when it throws: no unrecorded use of a key.
 */
public interface CustodyLedger {

    /**
     * Appends {@code event} durably (committed) before returning.
     *
     * @throws LedgerUnavailableException when the entry could not be written
     */
    void append(CustodyEvent event);
}
