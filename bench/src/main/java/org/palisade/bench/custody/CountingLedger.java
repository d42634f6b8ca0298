// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.bench.custody;

import java.util.concurrent.atomic.AtomicLong;
import org.palisade.hsm.ledger.CustodyEvent;
import org.palisade.hsm.ledger.CustodyLedger;

/**
 * A ledger that only counts, so the benchmark measures what custody adds around the HSM call (checks, AAD,
 * event building) apart from the database write, which the ledger benchmark would measure on its own.
 */
final class CountingLedger implements CustodyLedger {

    private final AtomicLong appended = new AtomicLong();

    @Override
    public void append(CustodyEvent event) {
        appended.incrementAndGet();
    }

    long appended() {
        return appended.get();
    }
}
