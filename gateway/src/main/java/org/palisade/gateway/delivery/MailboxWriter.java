// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;
import org.palisade.gateway.envelopes.EnvelopeRecord;
import org.palisade.gateway.envelopes.EnvelopeSubmission;
import org.palisade.gateway.envelopes.EnvelopeTopic;
import org.palisade.gateway.epochs.EpochCipher;
import org.palisade.gateway.epochs.EpochException;
import org.palisade.gateway.epochs.RoutingHash;
import org.palisade.gateway.kafka.KafkaClientSettings;

/**
 * Moves envelopes from Kafka into the mailbox. Every gateway runs one, all in the consumer group
 * {@value #GROUP}, so each partition is written by one gateway at a time, in order. Offsets are committed only
 * after the batch is stored, and a record read twice is stored once (envelope ids are unique), so a gateway
 * that stops or fails mid-batch loses nothing: whoever takes its partitions reads from the last commit. Only
 * committed transactions are read, so a half-written submission is never delivered.
 */
@ApplicationScoped
public class MailboxWriter {

    static final String GROUP = "palisade-mailbox";
    private static final Logger LOG = Logger.getLogger(MailboxWriter.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final long RETRY_MILLIS = 1000;

    private final KafkaClientSettings kafka;
    private final EnvelopeTopic topic;
    private final EpochCipher cipher;
    private final MailboxStore mailbox;
    private final DeliveryMetrics metrics;
    private final MeterRegistry registry;
    private volatile boolean running;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;

    MailboxWriter(KafkaClientSettings kafka, EnvelopeTopic topic, EpochCipher cipher,
                  MailboxStore mailbox, DeliveryMetrics metrics, MeterRegistry registry) {
        this.kafka = kafka;
        this.topic = topic;
        this.cipher = cipher;
        this.mailbox = mailbox;
        this.metrics = metrics;
        this.registry = registry;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::run, "palisade-mailbox-writer");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.join(10_000);
        }
    }

    private void run() {
        while (running) {
            try {
                topic.ensureExists();
                consumeUntilFailure();
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException | SQLException e) {
                // Kafka, PostgreSQL or the HSM is away: start again from the last committed offsets
                LOG.warn("mailbox writer paused: a store it depends on is unavailable; retrying");
                sleepQuietly();
            }
        }
    }

    private void consumeUntilFailure() throws SQLException {
        try (KafkaConsumer<byte[], byte[]> kafkaConsumer = newConsumer();
             KafkaClientMetrics kafkaMetrics = new KafkaClientMetrics(kafkaConsumer)) {
            kafkaMetrics.bindTo(registry);
            consumer = kafkaConsumer;
            kafkaConsumer.subscribe(List.of(topic.name()));
            while (running) {
                ConsumerRecords<byte[], byte[]> records = kafkaConsumer.poll(POLL);
                if (records.isEmpty()) {
                    continue;
                }
                List<MailboxStore.Incoming> batch = new ArrayList<>(records.count());
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    MailboxStore.Incoming incoming = incoming(record);
                    if (incoming != null) {
                        batch.add(incoming);
                    }
                }
                if (!batch.isEmpty()) {
                    mailbox.store(batch);
                }
                kafkaConsumer.commitSync();
            }
        } finally {
            consumer = null;
        }
    }

    /** The mailbox row for a record, or null for one that can never be delivered (it is counted and skipped). */
    private MailboxStore.Incoming incoming(ConsumerRecord<byte[], byte[]> record) {
        byte[] recipient = record.key();
        byte[] sealed = record.value();
        if (recipient == null || recipient.length != RoutingHash.BYTES || sealed == null) {
            metrics.undeliverable();
            return null;
        }
        try {
            UUID id = EnvelopeRecord.fromBytes(cipher.open(EnvelopeSubmission.SEALED_KIND, recipient, sealed)).id();
            return new MailboxStore.Incoming(id, recipient, EpochCipher.epochOf(sealed), sealed);
        } catch (EpochException e) {
            if (e.reason() == EpochException.Reason.UNAVAILABLE) {
                throw e;
            }
            metrics.undeliverable();
            return null;
        } catch (IllegalArgumentException e) {
            metrics.undeliverable();
            return null;
        }
    }

    private KafkaConsumer<byte[], byte[]> newConsumer() {
        Map<String, Object> settings = kafka.forClient(ConsumerConfig.configNames());
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "palisade-mailbox-writer");
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        // a gateway that dies unannounced holds its partitions only this long before another takes them over
        settings.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        settings.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        settings.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        settings.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        return new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
