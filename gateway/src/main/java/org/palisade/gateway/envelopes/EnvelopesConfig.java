// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.envelopes;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/** Envelope submission ({@code palisade.envelopes.*}): limits and the Kafka topic. */
@ConfigMapping(prefix = "palisade.envelopes")
public interface EnvelopesConfig {

    /** The largest ciphertext one envelope may carry, decoded; files go through attachments. */
    @WithDefault("262144")
    @Min(1)
    @Max(16777216)
    int maxEnvelopeBytes();

    /** How many envelopes (recipient devices) one request may hold. */
    @WithDefault("256")
    @Min(1)
    @Max(10000)
    int maxEnvelopesPerRequest();

    /** The most ciphertext one request may carry in all, decoded. */
    @WithDefault("8388608")
    @Min(1)
    int maxRequestBytes();

    /** Requests one device may make per second, sustained (per gateway process). */
    @WithDefault("20")
    @Min(1)
    int requestsPerSecond();

    /** Requests one device may make at once after a quiet spell. */
    @WithDefault("40")
    @Min(1)
    int burst();

    /** The Kafka topic of envelopes; created at first use when absent. */
    @WithDefault("palisade.envelopes")
    @NotBlank
    String topic();

    @WithDefault("12")
    @Min(1)
    int topicPartitions();

    @WithDefault("1")
    @Min(1)
    short topicReplicationFactor();

    /** Transactional Kafka producers per gateway process; one request holds one for its transaction. */
    @WithDefault("4")
    @Min(1)
    @Max(64)
    int producers();
}
