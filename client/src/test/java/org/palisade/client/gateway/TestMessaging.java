// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.gateway;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test devices and envelopes through the SDK, robust to other live devices of the demo users. */
final class TestMessaging {

  private TestMessaging() {}

  /** Registers {@code deviceId} anew with {@code keys}, revoking a live one of that id first. */
  static RegisteredDevice freshDevice(GatewayClient owner, int deviceId, TestDevice keys)
      throws GatewayException {
    for (Device device : owner.myDevices()) {
      if (device.deviceId() == deviceId && device.live()) {
        owner.revokeDevice(deviceId);
      }
    }
    return owner.registerDevice(deviceId, keys.registration(2, 2));
  }

  /**
   * One text to every live device of {@code recipient} and to the sender's other live devices (not
   * a real libsignal ciphertext: the gateway does not look inside).
   */
  static List<OutgoingEnvelope> toEveryDevice(
      GatewayClient sender, String senderName, int senderDevice, String recipient, String text)
      throws GatewayException {
    byte[] content = text.getBytes(StandardCharsets.UTF_8);
    List<OutgoingEnvelope> envelopes = new ArrayList<>();
    for (DeviceBundle bundle : sender.bundles(recipient)) {
      envelopes.add(
          OutgoingEnvelope.of(
              recipient,
              bundle.deviceId(),
              bundle.registrationId(),
              MessageType.CIPHERTEXT,
              content));
    }
    if (!recipient.equals(senderName)) {
      for (DeviceBundle bundle : sender.bundles(senderName)) {
        if (bundle.deviceId() != senderDevice) {
          envelopes.add(
              OutgoingEnvelope.of(
                  senderName,
                  bundle.deviceId(),
                  bundle.registrationId(),
                  MessageType.CIPHERTEXT,
                  content));
        }
      }
    }
    return envelopes;
  }

  /** The id the gateway gave the envelope for {@code recipient}'s {@code deviceId}. */
  static String idFor(SubmitResult result, String recipient, int deviceId) {
    return result.envelopes().stream()
        .filter(e -> e.recipient().equals(recipient) && e.deviceId() == deviceId)
        .map(SubmitResult.AcceptedEnvelope::id)
        .findFirst()
        .orElseThrow();
  }
}
