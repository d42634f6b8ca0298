// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.delivery;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;

/** Refreshes the mailbox depth gauge: a count over all devices, so it names no one. */
@ApplicationScoped
class MailboxDepthJob {

    private final MailboxStore mailbox;
    private final DeliveryMetrics metrics;

    MailboxDepthJob(MailboxStore mailbox, DeliveryMetrics metrics) {
        this.mailbox = mailbox;
        this.metrics = metrics;
    }

    @Scheduled(every = "15s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try {
            metrics.mailboxDepth(mailbox.depth());
        } catch (SQLException e) {
            // readiness reports the database; the gauge keeps its last value
        }
    }
}
