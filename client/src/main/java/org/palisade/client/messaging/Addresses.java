// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.messaging;

import java.util.UUID;
import org.signal.libsignal.protocol.SignalProtocolAddress;

/**
 * libsignal addresses: the user's stable SSO subject (a UUID, the same bytes the safety number hashes) and the
 * device id. Usernames can change; subjects do not.
 */
final class Addresses {

  private Addresses() {}

  static SignalProtocolAddress of(UUID userId, int deviceId) {
    return new SignalProtocolAddress(userId.toString(), deviceId);
  }
}
