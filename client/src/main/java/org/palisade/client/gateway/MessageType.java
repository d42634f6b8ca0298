// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.gateway;

import java.util.Optional;

/** libsignal's message type of an envelope's ciphertext: the wire names and libsignal's numbers. */
public enum MessageType {
  /** {@code PreKeySignalMessage}: the first message of a session (PQXDH). */
  PREKEY("prekey", 3),
  /** {@code SignalMessage}: a Double Ratchet message. */
  CIPHERTEXT("ciphertext", 2),
  /** {@code SenderKeyMessage}: a group message under a sender key. */
  SENDER_KEY("sender-key", 7),
  /** {@code PlaintextContent}: libsignal's decryption-error message. */
  PLAINTEXT("plaintext", 8);

  private final String wireName;
  private final int libsignalType;

  MessageType(String wireName, int libsignalType) {
    this.wireName = wireName;
    this.libsignalType = libsignalType;
  }

  /** The name in the gateway's JSON. */
  public String wireName() {
    return wireName;
  }

  /** libsignal's {@code CiphertextMessage} type number. */
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
