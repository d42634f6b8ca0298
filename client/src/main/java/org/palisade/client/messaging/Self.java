// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.messaging;

import java.util.UUID;
import org.signal.libsignal.protocol.SignalProtocolAddress;

/** This device: its user's username and SSO subject, and its device id. */
public record Self(String username, UUID userId, int deviceId) {

  SignalProtocolAddress address() {
    return Addresses.of(userId, deviceId);
  }
}
