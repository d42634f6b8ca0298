// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.envelopes;

import java.util.Optional;

/**
 * The libsignal message type of an envelope's ciphertext, which the recipient needs to pick the decryption:
 * the names on the wire and libsignal's {@code CiphertextMessage} type numbers. The gateway never looks inside.
 */
public enum MessageType {
    /** {@code PreKeySignalMessage}: the first message of a session (PQXDH). */
    PREKEY("prekey", 3),
    /** {@code SignalMessage}: a Double Ratchet message. */
    CIPHERTEXT("ciphertext", 2),
    /** {@code SenderKeyMessage}: a group message under a sender key. */
    SENDER_KEY("sender-key", 7),
    /** {@code PlaintextContent}: libsignal's decryption-error message, the only unencrypted kind. */
    PLAINTEXT("plaintext", 8);

    private final String wireName;
    private final int libsignalType;

    MessageType(String wireName, int libsignalType) {
        this.wireName = wireName;
        this.libsignalType = libsignalType;
    }

    public String wireName() {
        return wireName;
    }

    public int libsignalType() {
        return libsignalType;
    }

    public static Optional<MessageType> fromWireName(String name) {
        for (MessageType type : values()) {
            if (type.wireName.equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    public static Optional<MessageType> fromLibsignalType(int number) {
        for (MessageType type : values()) {
            if (type.libsignalType == number) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
