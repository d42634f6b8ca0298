// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.cli;

import java.util.List;
import java.util.Optional;
import org.palisade.client.messaging.MessageContent;
import org.palisade.client.messaging.Messenger;
import org.palisade.client.store.HistoryEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code palisade history USER|GROUP}: the conversation as kept (encrypted) on this device, oldest first. */
@Command(name = "history", mixinStandardHelpOptions = true,
    description = "Show the conversation with a colleague or a group, as kept on this device.")
final class HistoryCommand extends ProfileCommand {

  @Parameters(paramLabel = "USER|GROUP")
  String conversation;

  @Override
  int run() throws Exception {
    return withProfile(profile -> {
      Messenger messenger = profile.messenger();
      Optional<MessageContent.GroupState> group = messenger.findGroup(conversation);
      List<HistoryEntry> entries = messenger.history(group.map(MessageContent.GroupState::id).orElse(conversation));
      StringBuilder text = new StringBuilder();
      for (HistoryEntry entry : entries) {
        text.append(entry.time()).append(' ').append(entry.direction().equals(HistoryEntry.OUT) ? "> " : "< ")
            .append(entry.sender()).append(": ").append(entry.body().isEmpty() && entry.attachmentJson() != null
                ? "(file)" : entry.body()).append('\n');
      }
      print(entries, text.toString().stripTrailing());
      return 0;
    });
  }
}
