// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.envelopes;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.palisade.gateway.kafka.KafkaClientSettings;

/**
 * The envelope topic, created with the configured partitions and replication when it does not exist yet (by
 * whichever gateway gets there first). A company that manages topics itself creates it beforehand.
 */
@ApplicationScoped
public class EnvelopeTopic {

    private static final int TIMEOUT_MILLIS = 5000;

    private final KafkaClientSettings kafka;
    private final EnvelopesConfig config;
    private volatile boolean ensured;

    EnvelopeTopic(KafkaClientSettings kafka, EnvelopesConfig config) {
        this.kafka = kafka;
        this.config = config;
    }

    public String name() {
        return config.topic();
    }

    /** @throws EnvelopeException UNAVAILABLE when Kafka does not answer */
    public void ensureExists() {
        if (ensured) {
            return;
        }
        Map<String, Object> settings = kafka.forClient(AdminClientConfig.configNames());
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MILLIS);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MILLIS);
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "palisade-gateway-topics");
        try (AdminClient admin = AdminClient.create(settings)) {
            NewTopic topic = new NewTopic(config.topic(), config.topicPartitions(), config.topicReplicationFactor());
            admin.createTopics(List.of(topic)).all().get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new EnvelopeException(EnvelopeException.Reason.UNAVAILABLE, e);
            }
        } catch (TimeoutException e) {
            throw new EnvelopeException(EnvelopeException.Reason.UNAVAILABLE, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnvelopeException(EnvelopeException.Reason.UNAVAILABLE, e);
        }
        ensured = true;
    }
}
