// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.envelopes;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One accepted envelope as it travels through Kafka and waits in the mailbox, always sealed under an epoch key
 * ({@link org.palisade.gateway.epochs.EpochCipher}): routing data and ciphertext alike are unreadable outside
 * the gateway.
 *
 * <p>Binary form, format 1, big-endian: {@code 0x01 | id (16) | server time, ms (8) | sender user id (16) |
 * sender username length (2) and UTF-8 | sender device (1) | recipient user id (16) | recipient device (1) |
 * libsignal type (1) | content length (4) and bytes}.
 */
public record EnvelopeRecord(UUID id, Instant serverTime, UUID senderUserId, String senderUsername, int senderDevice,
                             UUID recipientUserId, int recipientDevice, MessageType type, byte[] content) {

    private static final byte FORMAT_1 = 1;

    public EnvelopeRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(serverTime, "serverTime");
        Objects.requireNonNull(senderUserId, "senderUserId");
        Objects.requireNonNull(senderUsername, "senderUsername");
        Objects.requireNonNull(recipientUserId, "recipientUserId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(content, "content");
    }

    public byte[] toBytes() {
        byte[] username = senderUsername.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 16 + 8 + 16 + 2 + username.length + 1 + 16 + 1 + 1 + 4 + content.length)
                .put(FORMAT_1)
                .putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits())
                .putLong(serverTime.toEpochMilli())
                .putLong(senderUserId.getMostSignificantBits()).putLong(senderUserId.getLeastSignificantBits())
                .putShort((short) username.length).put(username)
                .put((byte) senderDevice)
                .putLong(recipientUserId.getMostSignificantBits()).putLong(recipientUserId.getLeastSignificantBits())
                .put((byte) recipientDevice)
                .put((byte) type.libsignalType())
                .putInt(content.length).put(content)
                .array();
    }

    /** @throws IllegalArgumentException for anything but {@link #toBytes()}'s form */
    public static EnvelopeRecord fromBytes(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            if (in.get() != FORMAT_1) {
                throw new IllegalArgumentException("unknown envelope record format");
            }
            UUID id = new UUID(in.getLong(), in.getLong());
            Instant serverTime = Instant.ofEpochMilli(in.getLong());
            UUID sender = new UUID(in.getLong(), in.getLong());
            byte[] username = new byte[Short.toUnsignedInt(in.getShort())];
            in.get(username);
            int senderDevice = in.get();
            UUID recipient = new UUID(in.getLong(), in.getLong());
            int recipientDevice = in.get();
            MessageType type = MessageType.fromLibsignalType(in.get())
                    .orElseThrow(() -> new IllegalArgumentException("unknown message type"));
            int length = in.getInt();
            if (length < 0 || length != in.remaining()) {
                throw new IllegalArgumentException("envelope content length does not match");
            }
            byte[] content = new byte[length];
            in.get(content);
            return new EnvelopeRecord(id, serverTime, sender, new String(username, StandardCharsets.UTF_8), senderDevice,
                    recipient, recipientDevice, type, content);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated envelope record", e);
        }
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    @Override
    public String toString() {
        return "EnvelopeRecord[" + type + ", " + content.length + " bytes]"; // no identifiers, ever
    }
}
