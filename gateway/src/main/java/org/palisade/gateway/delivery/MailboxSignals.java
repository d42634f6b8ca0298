// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.delivery;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Listens for PostgreSQL notifications from every gateway: a device's mailbox got envelopes
 * ({@value MailboxStore#CHANNEL}) or a device was revoked ({@value #REVOKED_CHANNEL}); payloads are routing
 * hashes, never ids. The connection is re-established after any failure, and every socket's mailbox is then
 * checked, since notifications sent meanwhile are lost; a periodic sweep covers anything else.
 */
@ApplicationScoped
public class MailboxSignals {

    static final String REVOKED_CHANNEL = "palisade_revoked";
    private static final int WAIT_MILLIS = 1000;

    private final AgroalDataSource dataSource;
    private final DeviceSessions sessions;
    private volatile boolean running;
    private Thread thread;

    MailboxSignals(AgroalDataSource dataSource, DeviceSessions sessions) {
        this.dataSource = dataSource;
        this.sessions = sessions;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::run, "palisade-mailbox-signals");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join(3 * WAIT_MILLIS);
        }
    }

    @Scheduled(every = "${palisade.delivery.sweep-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        sessions.wakeAll();
    }

    private void run() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                try (Statement listen = connection.createStatement()) {
                    listen.execute("listen " + MailboxStore.CHANNEL);
                    listen.execute("listen " + REVOKED_CHANNEL);
                }
                sessions.wakeAll();
                PGConnection postgres = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications(WAIT_MILLIS);
                    if (notifications == null) {
                        continue;
                    }
                    for (PGNotification notification : notifications) {
                        if (REVOKED_CHANNEL.equals(notification.getName())) {
                            sessions.revoked(notification.getParameter());
                        } else {
                            sessions.wake(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
