// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.attachments;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Attachment settings ({@code palisade.attachments.*}). How long attachments are kept is not set here: they
 * live as long as their retention epoch ({@code palisade.epochs.retention}).
 */
@ConfigMapping(prefix = "palisade.attachments")
public interface AttachmentsConfig {

    /**
     * The largest attachment accepted, in bytes (default 32 MiB). It must stay below
     * {@code quarkus.http.limits.max-body-size}, or a larger body is cut off before this limit can answer.
     * An upload is held in memory while it is sealed, hence the ceiling of 1 GiB.
     */
    @WithDefault("33554432")
    @Min(1)
    @Max(1073741824)
    long maxSize();

    /** How often the rows of epochs whose retention has passed are deleted. */
    @WithDefault("1h")
    @NotNull
    Duration cleanupInterval();
}
