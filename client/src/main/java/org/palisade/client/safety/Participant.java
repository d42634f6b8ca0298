// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.safety;

import java.util.Objects;
import java.util.UUID;
import org.signal.libsignal.protocol.IdentityKey;

/**
 * One side of a conversation as the safety number sees it: the user's stable id and their current
 * identity key.
 *
 * <p>The id is a {@link UUID} rather than free text so that both clients feed libsignal the same bytes;
 * two encodings of one id would give two different safety numbers and a false alarm.
 */
public record Participant(UUID userId, IdentityKey identityKey) {

  public Participant {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(identityKey, "identityKey");
  }

  /** The 16-byte big-endian form of the user id, the stable identifier libsignal hashes. */
  byte[] stableIdentifier() {
    byte[] bytes = new byte[16];
    long high = userId.getMostSignificantBits();
    long low = userId.getLeastSignificantBits();
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) (high >>> (56 - 8 * i));
      bytes[8 + i] = (byte) (low >>> (56 - 8 * i));
    }
    return bytes;
  }

  @Override
  public String toString() {
    // user ids stay out of logs and exception text
    return "Participant[redacted]";
  }
}
