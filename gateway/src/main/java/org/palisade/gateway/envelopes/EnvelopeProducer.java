// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.envelopes;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.palisade.gateway.kafka.KafkaClientSettings;

/**
 * Writes one submission's records to Kafka in one transaction, so they become visible to the mailbox writers
 * (which read committed records only) all together or not at all: a failure part-way leaves nothing sent.
 * Producers are idempotent with {@code acks=all} (implied by transactions) and pooled, one per concurrent
 * request; a producer that failed is closed and replaced, since after most errors its transaction state is
 * unknown. Transactional ids are unique per process start; a transaction a crashed process left open is aborted
 * by the broker after {@value #TRANSACTION_TIMEOUT_MS} ms, which is also how long it can hold back readers.
 */
@ApplicationScoped
public class EnvelopeProducer {

    static final int TRANSACTION_TIMEOUT_MS = 10_000;
    private static final int BLOCK_MS = 5_000;

    private final KafkaClientSettings kafka;
    private final EnvelopeTopic topic;
    private final BlockingQueue<KafkaProducer<byte[], byte[]>> idle;
    private final int poolSize;
    private final String instance = UUID.randomUUID().toString();
    private int created;
    private final AtomicInteger transactionalIds = new AtomicInteger();
    private final List<KafkaProducer<byte[], byte[]>> all = new ArrayList<>();

    EnvelopeProducer(KafkaClientSettings kafka, EnvelopeTopic topic, EnvelopesConfig config) {
        this.kafka = kafka;
        this.topic = topic;
        this.poolSize = config.producers();
        this.idle = new ArrayBlockingQueue<>(poolSize);
    }

    /**
     * Sends every record in one transaction and returns once it is committed (all replicas acknowledged).
     *
     * @throws EnvelopeException UNAVAILABLE when Kafka does not take them; then no record is visible to readers
     */
    void sendAll(List<ProducerRecord<byte[], byte[]>> records) {
        KafkaProducer<byte[], byte[]> producer = borrow();
        boolean healthy = false;
        try {
            producer.beginTransaction();
            for (ProducerRecord<byte[], byte[]> record : records) {
                producer.send(record);
            }
            producer.commitTransaction();
            healthy = true;
        } catch (KafkaException e) {
            throw new EnvelopeException(EnvelopeException.Reason.UNAVAILABLE, e);
        } finally {
            giveBack(producer, healthy);
        }
    }

    private KafkaProducer<byte[], byte[]> borrow() {
        KafkaProducer<byte[], byte[]> producer = idle.poll();
        if (producer != null) {
            return producer;
        }
        synchronized (this) {
            if (created < poolSize) {
                producer = create();
                created++;
                all.add(producer);
                return producer;
            }
        }
        try {
            producer = idle.poll(BLOCK_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (producer == null) {
            throw new EnvelopeException(EnvelopeException.Reason.UNAVAILABLE);
        }
        return producer;
    }

    private void giveBack(KafkaProducer<byte[], byte[]> producer, boolean healthy) {
        if (healthy) {
            idle.offer(producer);
            return;
        }
        // an aborted or unknown transaction: the broker aborts it when this producer closes or times out
        producer.close(Duration.ZERO);
        synchronized (this) {
            all.remove(producer);
            created--;
        }
    }

    private KafkaProducer<byte[], byte[]> create() {
        topic.ensureExists();
        Map<String, Object> settings = kafka.forClient(ProducerConfig.configNames());
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "palisade-gateway-envelopes");
        settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "palisade-gateway-" + instance + "-" + transactionalIds.getAndIncrement());
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, BLOCK_MS);
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, BLOCK_MS);
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2 * BLOCK_MS);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        try {
            KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings, new ByteArraySerializer(),
                    new ByteArraySerializer());
            try {
                producer.initTransactions();
            } catch (KafkaException e) {
                producer.close(Duration.ZERO);
                throw e;
            }
            return producer;
        } catch (KafkaException e) {
            throw new EnvelopeException(EnvelopeException.Reason.UNAVAILABLE, e);
        }
    }

    @PreDestroy
    synchronized void close() {
        for (KafkaProducer<byte[], byte[]> producer : all) {
            producer.close(Duration.ofSeconds(2));
        }
        all.clear();
        idle.clear();
    }
}
