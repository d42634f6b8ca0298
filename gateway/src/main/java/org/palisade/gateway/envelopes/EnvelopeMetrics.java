// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.envelopes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Envelope counters: accepted, and refused by reason. Tags name reasons only, never a user, device or address,
 * so the metrics say how the service does, not who talks to whom.
 */
@ApplicationScoped
public class EnvelopeMetrics {

    private final Counter accepted;
    private final Map<EnvelopeException.Reason, Counter> refused = new EnumMap<>(EnvelopeException.Reason.class);

    EnvelopeMetrics(MeterRegistry registry) {
        accepted = Counter.builder("palisade.envelopes.accepted")
                .description("Envelopes accepted and written to Kafka").register(registry);
        for (EnvelopeException.Reason reason : EnvelopeException.Reason.values()) {
            refused.put(reason, Counter.builder("palisade.envelopes.refused")
                    .description("Submissions refused, by reason (one per request)")
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .register(registry));
        }
    }

    void accepted(int envelopes) {
        accepted.increment(envelopes);
    }

    void refused(EnvelopeException.Reason reason) {
        refused.get(reason).increment();
    }
}
