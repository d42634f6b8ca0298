// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.gateway;

import java.util.Base64;
import java.util.Objects;

/**
 * One envelope of a submission, for one recipient device.
 *
 * @param recipient the recipient's username (the sender's own for copies to its other devices)
 * @param deviceId the recipient device, 1 to 127
 * @param registrationId the registration id the sender's session with that device was made for
 * @param type {@code prekey}, {@code ciphertext}, {@code sender-key} or {@code plaintext} (see
 *     {@link MessageType})
 * @param content base64 of the libsignal ciphertext
 */
public record OutgoingEnvelope(
    String recipient, int deviceId, int registrationId, String type, String content) {

  public OutgoingEnvelope {
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(content, "content");
  }

  /** An envelope from libsignal's output: the type and the serialized ciphertext message. */
  public static OutgoingEnvelope of(
      String recipient, int deviceId, int registrationId, MessageType type, byte[] ciphertext) {
    return new OutgoingEnvelope(
        recipient,
        deviceId,
        registrationId,
        type.wireName(),
        Base64.getEncoder().encodeToString(ciphertext));
  }

  @Override
  public String toString() {
    // ciphertext is not secret, but it is bulky and useless in logs
    return "OutgoingEnvelope[recipient="
        + recipient
        + ", deviceId="
        + deviceId
        + ", registrationId="
        + registrationId
        + ", type="
        + type
        + "]";
  }
}
