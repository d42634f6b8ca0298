// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One message of the history, as the user saw it.
 *
 * @param conversation the conversation it belongs to (a user or group id, as the messenger names it)
 * @param envelopeId the gateway's envelope id; unique within the conversation
 * @param time when it was sent or received
 * @param direction {@value #IN} or {@value #OUT}
 * @param sender the user id of the author
 * @param body the text
 * @param attachmentJson the attachment descriptor as JSON, or null
 */
public record HistoryEntry(
    String conversation,
    String envelopeId,
    Instant time,
    String direction,
    String sender,
    String body,
    String attachmentJson) {

  public static final String IN = "in";
  public static final String OUT = "out";

  public HistoryEntry {
    Objects.requireNonNull(conversation, "conversation");
    Objects.requireNonNull(envelopeId, "envelopeId");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(body, "body");
    if (!direction.equals(IN) && !direction.equals(OUT)) {
      throw new IllegalArgumentException("direction is \"in\" or \"out\"");
    }
  }

  @Override
  public String toString() {
    // message content and ids stay out of logs
    return "HistoryEntry[" + direction + ", " + time + "]";
  }
}
