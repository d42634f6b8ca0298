// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.custody;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** How often the custody ledger's chain head is signed: every N entries, and at least every interval. */
@ConfigMapping(prefix = "palisade.ledger")
public interface LedgerConfig {

    @WithDefault("100")
    @Min(1)
    int checkpointEvery();

    @WithDefault("60s")
    Duration checkpointInterval();
}
