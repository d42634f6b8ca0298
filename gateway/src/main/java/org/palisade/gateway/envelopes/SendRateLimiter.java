// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.envelopes;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A token bucket per sending device, in this process: {@code requestsPerSecond} sustained, {@code burst} at once.
 * With N gateway processes behind a load balancer a device may reach N times the rate; the limit is there to
 * stop a runaway client, not to meter fair use. Idle buckets are dropped so memory follows active devices.
 */
@ApplicationScoped
public class SendRateLimiter {

    private static final int SWEEP_EVERY = 10_000;

    private record Sender(UUID userId, int deviceId) {
    }

    private static final class Bucket {
        double tokens;
        long refilledAtNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAtNanos = now;
        }
    }

    private final Map<Sender, Bucket> buckets = new ConcurrentHashMap<>();
    private final double perSecond;
    private final double burst;
    private final NanoClock nanos;
    private final AtomicInteger calls = new AtomicInteger();

    /** Monotonic nanoseconds; tests give their own. */
    @FunctionalInterface
    interface NanoClock {
        long nanoTime();
    }

    @Inject
    SendRateLimiter(EnvelopesConfig config) {
        this(config.requestsPerSecond(), config.burst(), System::nanoTime);
    }

    SendRateLimiter(int perSecond, int burst, NanoClock nanos) {
        this.perSecond = perSecond;
        this.burst = Math.max(burst, 1);
        this.nanos = nanos;
    }

    /** @throws EnvelopeException RATE_LIMITED when the device has no request left now */
    void acquire(UUID userId, int deviceId) {
        long now = nanos.nanoTime();
        Bucket bucket = buckets.computeIfAbsent(new Sender(userId, deviceId), sender -> new Bucket(burst, now));
        boolean allowed;
        synchronized (bucket) {
            bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.refilledAtNanos) * perSecond / 1e9);
            bucket.refilledAtNanos = now;
            allowed = bucket.tokens >= 1;
            if (allowed) {
                bucket.tokens -= 1;
            }
        }
        sweepNow(now);
        if (!allowed) {
            throw new EnvelopeException(EnvelopeException.Reason.RATE_LIMITED);
        }
    }

    private void sweepNow(long now) {
        if (calls.incrementAndGet() % SWEEP_EVERY != 0) {
            return;
        }
        // a bucket refilled to the brim is the same as no bucket
        long full = (long) (burst / perSecond * 1e9);
        buckets.values().removeIf(bucket -> now - bucket.refilledAtNanos > full);
    }
}
