// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.custody;

import java.util.Objects;
import org.palisade.hsm.ledger.CustodyEvent;
import org.palisade.hsm.ledger.CustodyLedger;
import org.palisade.hsm.ledger.Operation;
import org.palisade.hsm.ledger.Outcome;
import org.palisade.hsm.ledger.Principal;

/**
 * Writes custody events and turns a ledger that cannot take them into a refusal. Any exception from the ledger
 * counts: an entry that is not known to be written is not written.
 */
final class CustodyRecorder {

    private final CustodyLedger ledger;

    CustodyRecorder(CustodyLedger ledger) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    /** @throws CustodyException LEDGER_UNAVAILABLE */
    void success(String keyName, int version, Operation operation, String purpose, Principal who) {
        append(CustodyEvent.of(keyName, version, operation, purpose, who, Outcome.SUCCESS, ""), keyName);
    }

    /**
     * Records {@code failure} and returns what the caller throws: the failure itself, or LEDGER_UNAVAILABLE
     * (with the failure suppressed) if even that could not be recorded, since an operator must learn first that
     * key use is going unrecorded.
     */
    CustodyException failure(CustodyException failure, String keyName, int version, Operation operation,
            String purpose, Principal who) {
        Outcome outcome = failure.reason().outcome();
        try {
            append(CustodyEvent.of(keyName, version, operation, purpose, who, outcome, failure.reason().ledgerDetail()),
                    keyName);
            return failure;
        } catch (CustodyException unrecorded) {
            unrecorded.addSuppressed(failure);
            return unrecorded;
        }
    }

    private void append(CustodyEvent event, String keyName) {
        try {
            ledger.append(event);
        } catch (RuntimeException e) {
            throw new CustodyException(CustodyException.Reason.LEDGER_UNAVAILABLE, keyName, e);
        }
    }
}
