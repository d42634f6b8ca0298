// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.messaging;

import java.time.Instant;

/**
 * One envelope as the user sees it after processing: a message (text, file or group message), a group change,
 * a copy of something this user sent from another device, a duplicate, or a refusal with its reason.
 *
 * @param status {@code message}, {@code sent-elsewhere} (a copy from this user's other device),
 *     {@code group-update}, {@code duplicate} or {@code rejected}
 * @param conversation the other user's username, or the group id, or null for a rejection
 * @param problem why it was rejected (tampered, replayed, uncertified device, ...), else null
 * @param notice something the user should see, e.g. that the sender's safety number changed; else null
 */
public record Received(
    String envelopeId,
    Instant serverTime,
    String status,
    String conversation,
    String sender,
    int senderDevice,
    String kind,
    String text,
    MessageContent.FileReference file,
    MessageContent.GroupState group,
    String problem,
    String notice) {

  static Received rejected(String envelopeId, Instant serverTime, String sender, int senderDevice, String problem) {
    return new Received(envelopeId, serverTime, "rejected", null, sender, senderDevice, null, null, null, null, problem, null);
  }

  static Received duplicate(String envelopeId, Instant serverTime, String sender, int senderDevice) {
    return new Received(envelopeId, serverTime, "duplicate", null, sender, senderDevice, null, null, null, null, null, null);
  }

  Received withNotice(String text) {
    return new Received(envelopeId, serverTime, status, conversation, sender, senderDevice, kind, this.text, file,
        group, problem, text);
  }

  public boolean isMessage() {
    return "message".equals(status) || "sent-elsewhere".equals(status);
  }
}
