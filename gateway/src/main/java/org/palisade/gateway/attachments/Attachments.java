// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.attachments;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.palisade.gateway.epochs.EpochCipher;
import org.palisade.gateway.epochs.EpochException;
import org.palisade.gateway.epochs.EpochKeys;
import org.palisade.gateway.epochs.EpochsConfig;

/**
 * Stores attachments sealed under the current epoch's key and hands them back while their epoch's retention
 * lasts. The id is a random version-4 UUID (122 random bits) and also the context the bytes are sealed for, so
 * sealed bytes copied to another row do not open. Nothing here logs.
 */
@ApplicationScoped
public class Attachments {

    /** A stored attachment: its id, the number of bytes uploaded, and when its retention passes. */
    public record Stored(UUID id, long size, Instant expires) {
    }

    static final String KIND = "attachment";
    private static final int CHUNK = 64 * 1024;
    private static final Pattern CANONICAL_ID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final AttachmentStore store;
    private final EpochCipher cipher;
    private final EpochKeys keys;
    private final EpochsConfig epochs;
    private final AttachmentsConfig config;
    private final Clock clock;
    private final SecureRandom random;

    Attachments(AttachmentStore store, EpochCipher cipher, EpochKeys keys, EpochsConfig epochs, AttachmentsConfig config,
                Clock clock, SecureRandom random) {
        this.store = store;
        this.cipher = cipher;
        this.keys = keys;
        this.epochs = epochs;
        this.config = config;
        this.clock = clock;
        this.random = random;
    }

    /**
     * Reads the body (refused as soon as more than {@link AttachmentsConfig#maxSize()} bytes arrive), seals and
     * stores it.
     *
     * @param declaredLength the request's Content-Length, or -1 when it has none; a larger one than the limit
     *                       is refused before anything is read
     * @throws AttachmentException EMPTY, TOO_LARGE, INCOMPLETE, STORE_UNAVAILABLE
     */
    public Stored upload(InputStream body, long declaredLength) {
        long max = config.maxSize();
        if (declaredLength > max) {
            throw new AttachmentException(AttachmentException.Reason.TOO_LARGE);
        }
        byte[] content = readAtMost(body, max, declaredLength);
        if (content.length == 0) {
            throw new AttachmentException(AttachmentException.Reason.EMPTY);
        }
        UUID id = newId();
        try {
            byte[] sealed = cipher.seal(KIND, bytes(id), content);
            long epoch = EpochCipher.epochOf(sealed);
            store.insert(id, epoch, content.length, sealed, clock.instant());
            return new Stored(id, content.length, expiryOf(epoch));
        } catch (EpochException | SQLException e) {
            throw new AttachmentException(AttachmentException.Reason.STORE_UNAVAILABLE, e);
        }
    }

    /**
     * The bytes uploaded under {@code id}.
     *
     * @throws AttachmentException NOT_FOUND (malformed id, unknown, past its retention, or not openable),
     *                             STORE_UNAVAILABLE
     */
    public byte[] download(String id) {
        UUID uuid = parse(id).orElseThrow(() -> new AttachmentException(AttachmentException.Reason.NOT_FOUND));
        AttachmentStore.Sealed row;
        try {
            row = store.find(uuid).orElseThrow(() -> new AttachmentException(AttachmentException.Reason.NOT_FOUND));
        } catch (SQLException e) {
            throw new AttachmentException(AttachmentException.Reason.STORE_UNAVAILABLE, e);
        }
        try {
            // the epoch that counts is the one the bytes are sealed under (their additional data binds it)
            long epoch = EpochCipher.epochOf(row.sealed());
            if (epoch != row.epoch() || !expiryOf(epoch).isAfter(clock.instant())) {
                throw new AttachmentException(AttachmentException.Reason.NOT_FOUND);
            }
            return cipher.open(KIND, bytes(uuid), row.sealed());
        } catch (EpochException e) {
            if (e.reason() == EpochException.Reason.UNAVAILABLE) {
                throw new AttachmentException(AttachmentException.Reason.STORE_UNAVAILABLE, e);
            }
            // EXPIRED: the epoch's key is gone; UNREADABLE: tampered or corrupt. Either way, nothing to hand out.
            throw new AttachmentException(AttachmentException.Reason.NOT_FOUND, e);
        }
    }

    /**
     * Deletes the attachments of every epoch whose end plus the retention is at or before {@code now}.
     *
     * @return how many were deleted
     * @throws AttachmentException STORE_UNAVAILABLE
     */
    public int deleteExpired(Instant now) {
        // endOf(e) + retention <= now  <=>  e < epochAt(now - retention)
        long firstKept = keys.epochAt(now.minus(epochs.retention()));
        try {
            return store.deleteEpochsBefore(firstKept);
        } catch (SQLException e) {
            throw new AttachmentException(AttachmentException.Reason.STORE_UNAVAILABLE, e);
        }
    }

    /** When the retention of an epoch's attachments passes. */
    Instant expiryOf(long epoch) {
        return keys.endOf(epoch).plus(epochs.retention());
    }

    /** A canonical UUID string (8-4-4-4-12 hex digits), else empty; {@link UUID#fromString} alone is lenient. */
    static Optional<UUID> parse(String id) {
        if (id == null || !CANONICAL_ID.matcher(id).matches()) {
            return Optional.empty();
        }
        return Optional.of(UUID.fromString(id));
    }

    static byte[] bytes(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }

    private UUID newId() {
        byte[] bits = new byte[16];
        random.nextBytes(bits);
        bits[6] = (byte) ((bits[6] & 0x0f) | 0x40); // version 4
        bits[8] = (byte) ((bits[8] & 0x3f) | 0x80); // IETF variant
        ByteBuffer buffer = ByteBuffer.wrap(bits);
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    /** Reads {@code in} to its end; more than {@code max} bytes is TOO_LARGE as soon as the first extra byte arrives. */
    static byte[] readAtMost(InputStream in, long max, long declaredLength) {
        int limit = (int) Math.min(max, Integer.MAX_VALUE - 16);
        byte[] buffer = new byte[declaredLength > 0 ? (int) Math.min(declaredLength, limit) : Math.min(CHUNK, limit)];
        int length = 0;
        try {
            while (true) {
                if (length == buffer.length) {
                    int next = in.read();
                    if (next < 0) {
                        break;
                    }
                    if (length >= limit) {
                        throw new AttachmentException(AttachmentException.Reason.TOO_LARGE);
                    }
                    buffer = Arrays.copyOf(buffer, (int) Math.min(limit, Math.max(CHUNK, 2L * buffer.length)));
                    buffer[length++] = (byte) next;
                    continue;
                }
                int read = in.read(buffer, length, buffer.length - length);
                if (read < 0) {
                    break;
                }
                length += read;
            }
        } catch (IOException e) {
            throw new AttachmentException(AttachmentException.Reason.INCOMPLETE, e);
        }
        return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
    }
}
