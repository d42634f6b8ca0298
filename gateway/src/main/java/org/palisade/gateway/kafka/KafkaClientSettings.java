// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.kafka;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The gateway's Kafka connection settings ({@code kafka.*} in the configuration: bootstrap servers, TLS), cut
 * down to what one kind of client (admin, producer, consumer) accepts, so none warns about unknown settings.
 */
@ApplicationScoped
public class KafkaClientSettings {

    private final Map<String, Object> settings;

    KafkaClientSettings(@Identifier("default-kafka-broker") Map<String, Object> settings) {
        this.settings = Map.copyOf(settings);
    }

    /** A new mutable map of the settings whose names are in {@code accepted}, e.g. {@code ProducerConfig.configNames()}. */
    public Map<String, Object> forClient(Set<String> accepted) {
        Map<String, Object> config = new HashMap<>();
        settings.forEach((key, value) -> {
            if (accepted.contains(key)) {
                config.put(key, value);
            }
        });
        return config;
    }
}
