// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.messaging;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What one end-to-end encrypted message says, as JSON inside the libsignal plaintext; the gateway never sees
 * it. Version 1.
 *
 * @param kind {@code text}, {@code file}, {@code group-update} (membership; carries the sender's current sender
 *     key distribution when {@code senderKey} is set), {@code group-text}, {@code group-file}
 * @param conversation for a copy to the sender's own other devices: the user (or group id) it was sent to;
 *     for group kinds: the group id
 * @param senderKey base64 of a libsignal SenderKeyDistributionMessage, for group-update
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageContent(
    int v,
    String kind,
    String conversation,
    String text,
    FileReference file,
    GroupState group,
    String senderKey,
    Boolean sync) {

  public static final int VERSION = 1;

  /** A file sent as an attachment: its id at the gateway, and what the recipient needs to check and open it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FileReference(String id, String name, long size, String key, String digest) {}

  /** A group as its members' clients know it: id, name and members (usernames), in the sender's view. */
  public record GroupState(String id, String name, List<String> members) {}

  public static MessageContent text(String text) {
    return new MessageContent(VERSION, "text", null, text, null, null, null, null);
  }

  public static MessageContent file(FileReference file) {
    return new MessageContent(VERSION, "file", null, null, file, null, null, null);
  }

  /** The same content, marked as a copy for the sender's own devices of a message to {@code conversation}. */
  public MessageContent asSyncCopy(String conversation) {
    return new MessageContent(v, kind, conversation, text, file, group, senderKey, Boolean.TRUE);
  }

  public boolean isSyncCopy() {
    return Boolean.TRUE.equals(sync);
  }
}
