// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.palisade.gateway.envelopes.EnvelopeRecord;
import org.palisade.gateway.envelopes.EnvelopeSubmission;
import org.palisade.gateway.epochs.EpochCipher;
import org.palisade.gateway.epochs.EpochException;

/**
 * Reads a device's waiting envelopes from the mailbox, opens each, and hands it over, oldest first. An envelope
 * is handed only to the device it is sealed for and whose recipient fields it carries; one whose seal does not
 * open (tampered, or its epoch expired) is dropped and counted, never sent.
 */
@ApplicationScoped
class EnvelopePusher {

    static final int BATCH = 100;
    /**
     * How long one push may wait for the socket to take it. A device that stops reading would otherwise hold a
     * push thread, and with all of them held nobody would get anything; it is disconnected instead.
     */
    static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    private final MailboxStore mailbox;
    private final EpochCipher cipher;
    private final DeliveryMetrics metrics;
    private final ObjectMapper json;
    private final Clock clock;

    EnvelopePusher(MailboxStore mailbox, EpochCipher cipher, DeliveryMetrics metrics, ObjectMapper json, Clock clock) {
        this.mailbox = mailbox;
        this.cipher = cipher;
        this.metrics = metrics;
        this.json = json;
        this.clock = clock;
    }

    /** Pushes everything waiting after the session's position over its socket, until none is left or it closes. */
    void drain(DeviceSession session) throws SQLException {
        DeviceIdentity device = session.identity();
        while (device != null && session.isOpen()) {
            List<MailboxStore.Waiting> batch = mailbox.waiting(device.recipient(), session.pushedUpTo(), BATCH);
            for (MailboxStore.Waiting waiting : batch) {
                if (!session.isOpen()) {
                    return;
                }
                Optional<DeliveredEnvelope> envelope = open(device, waiting);
                if (envelope.isPresent()) {
                    try {
                        session.connection().sendText(frame(envelope.get())).await().atMost(SEND_TIMEOUT);
                    } catch (io.smallrye.mutiny.TimeoutException e) {
                        session.close(SocketRefusal.TOO_SLOW);
                        return;
                    }
                    metrics.delivered(Duration.between(envelope.get().serverTime(), clock.instant()));
                }
                session.pushedUpTo(waiting.seq());
            }
            if (batch.size() < BATCH) {
                return;
            }
        }
    }

    /** Up to {@code limit} waiting envelopes for a device that fetches instead of holding a socket. */
    List<DeliveredEnvelope> fetch(DeviceIdentity device, int limit) throws SQLException {
        return mailbox.waiting(device.recipient(), 0, limit).stream()
                .map(waiting -> open(device, waiting))
                .flatMap(Optional::stream)
                .peek(envelope -> metrics.delivered(Duration.between(envelope.serverTime(), clock.instant())))
                .toList();
    }

    private Optional<DeliveredEnvelope> open(DeviceIdentity device, MailboxStore.Waiting waiting) {
        try {
            EnvelopeRecord record = EnvelopeRecord.fromBytes(
                    cipher.open(EnvelopeSubmission.SEALED_KIND, device.recipient(), waiting.sealed()));
            if (record.recipientUserId().equals(device.userId()) && record.recipientDevice() == device.deviceId()
                    && record.id().equals(waiting.envelopeId())) {
                return Optional.of(DeliveredEnvelope.of(record));
            }
        } catch (EpochException e) {
            if (e.reason() == EpochException.Reason.UNAVAILABLE) {
                throw e;
            }
        } catch (IllegalArgumentException e) {
            // a record in an unknown format: dropped below
        }
        metrics.undeliverable();
        discard(waiting);
        return Optional.empty();
    }

    private void discard(MailboxStore.Waiting waiting) {
        try {
            mailbox.discard(waiting.seq());
        } catch (SQLException e) {
            // it stays, and is dropped again next time
        }
    }

    String frame(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a delivery frame did not serialise", e);
        }
    }
}
