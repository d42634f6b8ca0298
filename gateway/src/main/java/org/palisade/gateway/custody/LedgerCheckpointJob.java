// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.custody;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.palisade.hsm.custody.CustodyException;
import org.palisade.hsm.ledger.LedgerUnavailableException;
import org.palisade.hsm.token.HsmException;
import org.jboss.logging.Logger;

/**
 * Signs a checkpoint over the custody ledger's head when entries are waiting and the last checkpoint is older
 * than the interval, so no entry stays unprotected for long in quiet periods. With several gateways each
 * does this; a checkpoint with nothing new is skipped.
 */
@ApplicationScoped
public class LedgerCheckpointJob {

    private static final Logger LOG = Logger.getLogger(LedgerCheckpointJob.class);

    private final OrganisationCustody custody;
    private final LedgerConfig config;

    LedgerCheckpointJob(OrganisationCustody custody, LedgerConfig config) {
        this.custody = custody;
        this.config = config;
    }

    @Scheduled(every = "${palisade.ledger.checkpoint-interval}", delayed = "${palisade.ledger.checkpoint-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void checkpoint() {
        try {
            custody.ledger().checkpointIfDue(config.checkpointInterval());
        } catch (HsmException | CustodyException | LedgerUnavailableException e) {
            // readiness reports the HSM and the database; the next run tries again
            LOG.warnf("ledger checkpoint not made: %s", e.getClass().getSimpleName());
        }
    }
}
