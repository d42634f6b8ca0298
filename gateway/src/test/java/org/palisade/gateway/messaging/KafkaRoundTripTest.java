// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.palisade.gateway.testing.LocalStackResource;

/** The gateway's Kafka configuration reaches the real broker over TLS: a record produced is consumed back. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class KafkaRoundTripTest {

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Test
    void producesARecordAndConsumesItBack() throws Exception {
        String topic = "harness-round-trip-" + UUID.randomUUID();
        byte[] value = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);

        Map<String, Object> producerConfig = clientConfig();
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "k".getBytes(StandardCharsets.UTF_8), value)).get();
        }

        Map<String, Object> consumerConfig = clientConfig();
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "harness-" + UUID.randomUUID());
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<byte[]> received = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plusSeconds(30);
            while (received.isEmpty() && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    received.add(record.value());
                }
            }
        }
        assertThat(received).hasSize(1);
        assertThat(received.get(0)).isEqualTo(value);
    }

    private Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", kafkaConfig.get("bootstrap.servers"));
        config.put("security.protocol", kafkaConfig.get("security.protocol"));
        config.put("ssl.truststore.type", kafkaConfig.get("ssl.truststore.type"));
        config.put("ssl.truststore.location", kafkaConfig.get("ssl.truststore.location"));
        assertThat(config.get("security.protocol")).isEqualTo("SSL");
        return config;
    }
}
