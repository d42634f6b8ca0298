// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.delivery;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/** Delivery settings ({@code palisade.delivery.*}). */
@ConfigMapping(prefix = "palisade.delivery")
public interface DeliveryConfig {

    /** How long a new socket may take to send its auth frame before it is closed. */
    @WithDefault("10s")
    @NotNull
    Duration authTimeout();

    /** Threads that push envelopes to sockets (each push reads the mailbox and writes to one socket). */
    @WithDefault("4")
    @Min(1)
    int pushThreads();

    /** How often every socket's mailbox is checked even without a notification (a safety net). */
    @WithDefault("30s")
    @NotNull
    Duration sweepInterval();
}
