// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.envelopes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SendRateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final SendRateLimiter limiter = new SendRateLimiter(10, 3, now::get);
    private final UUID alice = UUID.randomUUID();

    @Test
    void allowsTheBurstThenRefusesUntilTokensRefill() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire(alice, 1);
        }
        assertThatThrownBy(() -> limiter.acquire(alice, 1)).isInstanceOfSatisfying(EnvelopeException.class,
                e -> assertThat(e.reason()).isEqualTo(EnvelopeException.Reason.RATE_LIMITED));
        now.addAndGet(100_000_000L); // 0.1 s at 10/s: one request
        limiter.acquire(alice, 1);
        assertThatThrownBy(() -> limiter.acquire(alice, 1)).isInstanceOf(EnvelopeException.class);
    }

    @Test
    void eachDeviceHasItsOwnBucket() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire(alice, 1);
        }
        limiter.acquire(alice, 2);
        limiter.acquire(UUID.randomUUID(), 1);
    }

    @Test
    void aQuietSpellRefillsOnlyUpToTheBurst() {
        now.addAndGet(3_600_000_000_000L);
        for (int i = 0; i < 3; i++) {
            limiter.acquire(alice, 1);
        }
        assertThatThrownBy(() -> limiter.acquire(alice, 1)).isInstanceOf(EnvelopeException.class);
    }
}
