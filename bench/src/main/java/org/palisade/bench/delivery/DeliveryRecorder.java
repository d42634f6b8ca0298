// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.bench.delivery;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Matches each delivered envelope with its submission by envelope id, and counts per phase. The id is known
 * to the sender only when the gateway's 200 arrives, and the push may reach the receiver before that: whichever
 * of the two comes second computes the latency (receive time less the time the sender started the request,
 * both {@link System#nanoTime()} of this JVM).
 */
final class DeliveryRecorder {

    /** One timed phase: the envelopes whose submission started in it, and their deliveries. */
    static final class Phase {
        final String name;
        final long startNanos;
        final long endNanos;
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong delivered = new AtomicLong();
        final AtomicLong deliveredInWindow = new AtomicLong();
        private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
        private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        private final List<Long> acceptLatencies = Collections.synchronizedList(new ArrayList<>());
        private volatile double gatewayCpuMillis = Double.NaN;

        Phase(String name, long startNanos, long durationNanos) {
            this.name = name;
            this.startNanos = startNanos;
            this.endNanos = startNanos + durationNanos;
        }

        /** The gateway's CPU time over the phase (window and drain), to report per accepted envelope. */
        void gatewayCpuMillis(double millis) {
            gatewayCpuMillis = millis;
        }

        void failed(int status) {
            failures.computeIfAbsent(status < 0 ? "I/O error" : "HTTP " + status, s -> new AtomicLong()).incrementAndGet();
        }

        Result result() {
            double seconds = (endNanos - startNanos) / 1e9;
            List<Long> sorted = sortedCopy(latencies);
            List<Long> accepting = sortedCopy(acceptLatencies);
            Map<String, Long> failed = new TreeMap<>();
            failures.forEach((status, count) -> failed.put(status, count.get()));
            return new Result(name, accepted.get() / seconds, deliveredInWindow.get() / seconds,
                    millis(percentile(sorted, 0.50)), millis(percentile(sorted, 0.99)),
                    millis(sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1)),
                    millis(percentile(accepting, 0.50)), gatewayCpuMillis / Math.max(1, accepted.get()),
                    accepted.get() - delivered.get(), failed);
        }

        private static List<Long> sortedCopy(List<Long> values) {
            List<Long> copy;
            synchronized (values) {
                copy = new ArrayList<>(values);
            }
            Collections.sort(copy);
            return copy;
        }
    }

    /**
     * A phase's figures: envelopes/s accepted (200s for submissions started in the phase) and delivered (of
     * those, pushed to the receiver within the phase), latency percentiles in ms over every delivery of the
     * phase's envelopes (late ones included), the median time to the gateway's 200, the gateway's CPU time per
     * accepted envelope (submission, storing and pushing), envelopes accepted but not delivered by the end of the
     * drain, and failed submissions by status.
     */
    record Result(String phase, double acceptedPerSecond, double deliveredPerSecond, double p50Millis,
            double p99Millis, double maxMillis, double acceptP50Millis, double gatewayCpuMillisPerEnvelope,
            long undelivered, Map<String, Long> failures) {
    }

    private record Mark(boolean submitted, long nanos, Phase phase) {
    }

    private final Map<String, Mark> pending = new ConcurrentHashMap<>();

    /** A submission that started at {@code startNanos} in {@code phase} was accepted as {@code id}. */
    void accepted(String id, long startNanos, Phase phase) {
        phase.accepted.incrementAndGet();
        phase.acceptLatencies.add(System.nanoTime() - startNanos);
        pending.compute(id, (key, mark) -> {
            if (mark != null && !mark.submitted()) {
                delivered(phase, startNanos, mark.nanos());
                return null;
            }
            return new Mark(true, startNanos, phase);
        });
    }

    /** Envelope {@code id} reached its receiver at {@code arrivalNanos}. */
    void arrived(String id, long arrivalNanos) {
        pending.compute(id, (key, mark) -> {
            if (mark != null && mark.submitted()) {
                delivered(mark.phase(), mark.nanos(), arrivalNanos);
                return null;
            }
            // pushed before the sender saw its id, or not sent by this run (left in a mailbox by an earlier one)
            return new Mark(false, arrivalNanos, null);
        });
    }

    /** Deliveries of envelopes this run never submitted (left by an earlier run), or duplicates. */
    long unmatchedDeliveries() {
        return pending.values().stream().filter(mark -> !mark.submitted()).count();
    }

    private static void delivered(Phase phase, long startNanos, long arrivalNanos) {
        phase.delivered.incrementAndGet();
        if (arrivalNanos <= phase.endNanos) {
            phase.deliveredInWindow.incrementAndGet();
        }
        phase.latencies.add(arrivalNanos - startNanos);
    }

    private static long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static double millis(long nanos) {
        return nanos / (double) TimeUnit.MILLISECONDS.toNanos(1);
    }
}
