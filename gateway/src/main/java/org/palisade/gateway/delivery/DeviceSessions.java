// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.delivery;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.palisade.gateway.epochs.EpochException;

/**
 * The delivery sockets of this gateway, by connection and by recipient device, and the work on them: the
 * authentication timeout, closing at token expiry, and pushing when a device's mailbox may hold something new
 * (a notification from whichever gateway stored it, a sweep, or the socket's authentication).
 */
@ApplicationScoped
public class DeviceSessions {

    private final Map<String, DeviceSession> byConnection = new ConcurrentHashMap<>();
    private final Map<String, Set<DeviceSession>> byRecipient = new ConcurrentHashMap<>();
    private final EnvelopePusher pusher;
    private final DeliveryConfig config;
    private final Clock clock;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(named("palisade-socket-timer"));
    private final ExecutorService pushers;

    DeviceSessions(EnvelopePusher pusher, DeliveryConfig config, DeliveryMetrics metrics, Clock clock) {
        this.pusher = pusher;
        this.config = config;
        this.clock = clock;
        this.pushers = Executors.newFixedThreadPool(config.pushThreads(), named("palisade-push"));
        metrics.openSockets(() -> byRecipient.values().stream().mapToInt(Set::size).sum());
    }

    void opened(WebSocketConnection connection) {
        DeviceSession session = new DeviceSession(connection);
        byConnection.put(connection.id(), session);
        session.timer(timers.schedule(() -> {
            if (session.identity() == null) {
                session.close(SocketRefusal.UNAUTHENTICATED);
            }
        }, config.authTimeout().toMillis(), TimeUnit.MILLISECONDS));
    }

    DeviceSession session(WebSocketConnection connection) {
        return byConnection.get(connection.id());
    }

    /**
     * Binds the socket to a device, or renews its token. A renewal must be for the same device. {@code announce}
     * runs once the identity is accepted and before the first push, so the device hears "ready" first.
     *
     * @throws SocketRefusedException FORBIDDEN for a token of another user or device
     */
    void authenticated(DeviceSession session, DeviceIdentity identity, Runnable announce) {
        DeviceIdentity before = session.identity();
        if (before != null && !before.sameDevice(identity)) {
            throw new SocketRefusedException(SocketRefusal.FORBIDDEN);
        }
        announce.run();
        session.identity(identity);
        long untilExpiry = Math.max(0, Duration.between(clock.instant(), identity.expires()).toMillis());
        session.timer(timers.schedule(() -> session.close(SocketRefusal.TOKEN_EXPIRED), untilExpiry, TimeUnit.MILLISECONDS));
        if (before == null) {
            byRecipient.computeIfAbsent(identity.recipientHex(), recipient -> ConcurrentHashMap.newKeySet()).add(session);
            wake(session);
        }
    }

    void closed(WebSocketConnection connection) {
        DeviceSession session = byConnection.remove(connection.id());
        if (session == null) {
            return;
        }
        session.timer(null);
        DeviceIdentity identity = session.identity();
        if (identity != null) {
            byRecipient.computeIfPresent(identity.recipientHex(), (recipient, sessions) -> {
                sessions.remove(session);
                return sessions.isEmpty() ? null : sessions;
            });
        }
    }

    /** The mailbox of this device (routing hash in hex) may hold something new. */
    void wake(String recipientHex) {
        Set<DeviceSession> sessions = byRecipient.get(recipientHex);
        if (sessions != null) {
            sessions.forEach(this::wake);
        }
    }

    void wakeAll() {
        byRecipient.values().forEach(sessions -> sessions.forEach(this::wake));
    }

    /** The device was revoked: its sockets close. */
    void revoked(String recipientHex) {
        Set<DeviceSession> sessions = byRecipient.get(recipientHex);
        if (sessions != null) {
            sessions.forEach(session -> session.close(SocketRefusal.DEVICE_REVOKED));
        }
    }

    private void wake(DeviceSession session) {
        if (session.wantDrain()) {
            pushers.execute(() -> drainLoop(session));
        }
    }

    private void drainLoop(DeviceSession session) {
        boolean again = true;
        while (again) {
            try {
                while (session.takeWanted()) {
                    pusher.drain(session);
                }
            } catch (SQLException | EpochException e) {
                // the mailbox or the HSM is away: the sweep tries again
            } catch (RuntimeException e) {
                // the socket closed under the push: its envelopes stay in the mailbox for the next connection
            }
            again = session.stopDraining();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        timers.shutdownNow();
        pushers.shutdownNow();
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
