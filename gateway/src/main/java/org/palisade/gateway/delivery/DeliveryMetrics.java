// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Delivery metrics: envelopes delivered and their latency (server time to push), envelopes that could never be
 * delivered, mailbox depth, open sockets. Kafka consumer lag comes from the mailbox writer's Kafka client
 * metrics ({@code kafka.consumer.fetch.manager.records.lag.max}). No tag names a user, device or address.
 */
@ApplicationScoped
public class DeliveryMetrics {

    private final MeterRegistry registry;
    private final Counter delivered;
    private final Counter undeliverable;
    private final Timer latency;
    private final AtomicLong mailboxDepth = new AtomicLong();

    DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
        delivered = Counter.builder("palisade.envelopes.delivered")
                .description("Envelopes handed to their recipient device (at least once: redeliveries count)").register(registry);
        undeliverable = Counter.builder("palisade.envelopes.undeliverable")
                .description("Envelopes dropped because their seal did not open or did not match the device").register(registry);
        latency = Timer.builder("palisade.delivery.latency")
                .description("From the server time an envelope was accepted to its push or fetch")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
        Gauge.builder("palisade.mailbox.depth", mailboxDepth, AtomicLong::get)
                .description("Envelopes waiting for acknowledgement, all devices together").register(registry);
    }

    void delivered(Duration sinceAccepted) {
        delivered.increment();
        latency.record(sinceAccepted.isNegative() ? Duration.ZERO : sinceAccepted);
    }

    void undeliverable() {
        undeliverable.increment();
    }

    void mailboxDepth(long depth) {
        mailboxDepth.set(depth);
    }

    void openSockets(Supplier<Number> count) {
        Gauge.builder("palisade.websocket.sessions", count).description("Authenticated delivery sockets").register(registry);
    }
}
