// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.delivery;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One delivery socket: the connection, the device it authenticated as (null until then), the position in the
 * device's mailbox up to which envelopes were pushed on this socket, and the pending timer (authentication
 * timeout, then token expiry). Pushes to one socket run one at a time ({@link #startDraining()}).
 */
final class DeviceSession {

    private final WebSocketConnection connection;
    private volatile DeviceIdentity identity;
    private volatile ScheduledFuture<?> timer;
    /** Written only by the one drain running at a time. */
    private volatile long pushedUpTo;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean wanted = new AtomicBoolean();

    DeviceSession(WebSocketConnection connection) {
        this.connection = connection;
    }

    WebSocketConnection connection() {
        return connection;
    }

    String id() {
        return connection.id();
    }

    DeviceIdentity identity() {
        return identity;
    }

    void identity(DeviceIdentity identity) {
        this.identity = identity;
    }

    synchronized void timer(ScheduledFuture<?> next) {
        if (timer != null) {
            timer.cancel(false);
        }
        timer = next;
    }

    long pushedUpTo() {
        return pushedUpTo;
    }

    void pushedUpTo(long seq) {
        pushedUpTo = seq;
    }

    /** Marks that the mailbox may hold more; true if the caller should start a drain (none is running). */
    boolean wantDrain() {
        wanted.set(true);
        return draining.compareAndSet(false, true);
    }

    /** Consumes the "may hold more" mark; a drain loops while this is true. */
    boolean takeWanted() {
        return wanted.getAndSet(false);
    }

    /** Ends a drain; true if a wake-up arrived meanwhile and the caller should drain again. */
    boolean stopDraining() {
        draining.set(false);
        return wanted.get() && draining.compareAndSet(false, true);
    }

    boolean isOpen() {
        return connection.isOpen();
    }

    void close(SocketRefusal refusal) {
        timer(null);
        if (connection.isOpen()) {
            connection.close(new CloseReason(refusal.code(), refusal.reason())).subscribe().with(done -> { }, failure -> { });
        }
    }
}
