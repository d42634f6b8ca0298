// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.epochs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Retention epochs ({@code palisade.epochs.*}): time is cut into epochs of a fixed length, counted from the Unix
 * epoch, and everything the gateway stores or streams in one epoch is encrypted with that epoch's data key.
 */
@ConfigMapping(prefix = "palisade.epochs")
public interface EpochsConfig {

    /** How long one epoch lasts; a change takes effect for new data (old epochs keep their numbers' keys). */
    @WithDefault("1d")
    @NotNull
    Duration length();

    /** How long data is kept: an epoch that ended longer ago than this is deleted (attachments, mailbox rows). */
    @WithDefault("30d")
    @NotNull
    Duration retention();

    /** How long a decrypted epoch key stays in memory before the HSM is asked again. */
    @WithDefault("10m")
    @NotNull
    Duration keyCacheTime();
}
