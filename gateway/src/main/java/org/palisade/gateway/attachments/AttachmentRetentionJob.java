// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.attachments;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Deletes the attachments of every epoch whose retention has passed, every
 * {@code palisade.attachments.cleanup-interval}. With several gateways each does this; the deletes are
 * idempotent. A failure (database down) is logged with a fixed message and the next run tries again.
 */
@ApplicationScoped
public class AttachmentRetentionJob {

    private static final Logger LOG = Logger.getLogger(AttachmentRetentionJob.class);

    private final Attachments attachments;
    private final Clock clock;

    AttachmentRetentionJob(Attachments attachments, Clock clock) {
        this.attachments = attachments;
        this.clock = clock;
    }

    @Scheduled(every = "${palisade.attachments.cleanup-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void deleteExpired() {
        try {
            attachments.deleteExpired(clock.instant());
        } catch (AttachmentException e) {
            // fixed text only: no id, no count, no exception message
            LOG.warn("expired attachments not deleted: the database is unavailable; the next run tries again");
        } catch (RuntimeException e) {
            LOG.warnf("expired attachments not deleted: %s; the next run tries again", e.getClass().getSimpleName());
        }
    }
}
