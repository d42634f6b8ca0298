// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/** Device directory settings ({@code palisade.devices.*}). */
@ConfigMapping(prefix = "palisade.devices")
public interface DevicesConfig {

    /** How long a device certificate is valid; a device re-registers (same identity key) to renew it. */
    @WithDefault("365d")
    @NotNull
    Duration certificateValidity();

    /** How many one-time prekeys of each kind (EC, Kyber) a device may hold; a refill beyond it is refused. */
    @WithDefault("1000")
    @Min(1)
    @Max(100000)
    int maxOneTimePreKeys();
}
