// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.custody;

import java.util.ArrayList;
import java.util.List;
import org.palisade.hsm.ledger.CustodyEvent;
import org.palisade.hsm.ledger.CustodyLedger;
import org.palisade.hsm.ledger.LedgerUnavailableException;
import org.palisade.hsm.ledger.Operation;

/** A custody ledger in memory that records events in order and can be told to refuse appends. */
final class InMemoryCustodyLedger implements CustodyLedger {

    private final List<CustodyEvent> events = new ArrayList<>();
    private boolean available = true;
    private int appendsBeforeFailing = -1;

    @Override
    public synchronized void append(CustodyEvent event) {
        if (appendsBeforeFailing == 0) {
            available = false;
        }
        if (appendsBeforeFailing > 0) {
            appendsBeforeFailing--;
        }
        if (!available) {
            throw new LedgerUnavailableException("test ledger is down");
        }
        events.add(event);
    }

    synchronized void setAvailable(boolean available) {
        this.available = available;
        this.appendsBeforeFailing = -1;
    }

    /** Accepts {@code count} more appends, then fails every one after them. */
    synchronized void failAfter(int count) {
        this.appendsBeforeFailing = count;
    }

    synchronized List<CustodyEvent> events() {
        return List.copyOf(events);
    }

    synchronized List<CustodyEvent> events(Operation operation) {
        return events.stream().filter(event -> event.operation() == operation).toList();
    }

    synchronized CustodyEvent last() {
        if (events.isEmpty()) {
            throw new AssertionError("the ledger is empty");
        }
        return events.get(events.size() - 1);
    }

    synchronized void clear() {
        events.clear();
    }
}
