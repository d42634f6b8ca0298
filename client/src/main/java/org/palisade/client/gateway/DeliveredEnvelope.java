// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.gateway;

import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * An envelope for this device, pushed on the delivery socket or fetched from the mailbox.
 * Acknowledge it by {@code id} once it is safely processed; until then it comes again, so drop
 * duplicates by id.
 *
 * @param sender the sender's username; {@code senderUserId} is the stable SSO subject
 * @param messageType {@code prekey}, {@code ciphertext}, {@code sender-key} or {@code plaintext}
 * @param content base64 of the libsignal ciphertext exactly as the sender submitted it
 */
public record DeliveredEnvelope(
    String id,
    Instant serverTime,
    String sender,
    String senderUserId,
    int senderDevice,
    String messageType,
    String content) {

  /** The ciphertext bytes. */
  public byte[] ciphertext() {
    return Base64.getDecoder().decode(content);
  }

  /** The message type, if it is one this SDK knows. */
  public Optional<MessageType> knownMessageType() {
    return MessageType.fromWireName(messageType);
  }

  @Override
  public String toString() {
    return "DeliveredEnvelope[id="
        + id
        + ", serverTime="
        + serverTime
        + ", sender="
        + sender
        + "/"
        + senderDevice
        + ", messageType="
        + messageType
        + "]";
  }
}
