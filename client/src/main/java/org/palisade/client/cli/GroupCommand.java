// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.palisade.client.messaging.MessageContent;
import org.palisade.client.messaging.Messenger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code palisade group create|add|remove|send|list}: groups with libsignal sender keys, handed out over
 * pairwise sessions and replaced when a member leaves, so a removed member cannot read what follows.
 */
@Command(name = "group", mixinStandardHelpOptions = true,
    description = "Groups: create NAME --members A,B | add GROUP USER | remove GROUP USER | send GROUP TEXT|--file PATH"
        + " | list. GROUP is the id or the name.")
final class GroupCommand extends ProfileCommand {

  @Parameters(index = "0", paramLabel = "ACTION", description = "create, add, remove, send or list")
  String action;

  @Parameters(index = "1..*", arity = "0..*", paramLabel = "ARGS")
  List<String> arguments = List.of();

  @Option(names = "--members", split = ",", paramLabel = "USERS", description = "For create: the other members.")
  List<String> members = List.of();

  @Option(names = "--file", paramLabel = "PATH", description = "For send: a file instead of text.")
  Path file;

  @Override
  int run() throws Exception {
    return withProfile(profile -> {
      Messenger messenger = profile.messenger();
      switch (action) {
        case "create" -> {
          String name = argument(0, "NAME");
          String id = messenger.createGroup(name, members);
          print(Map.of("id", id, "name", name), "created group " + name + " (" + id + ")");
        }
        case "add" -> {
          messenger.addMember(argument(0, "GROUP"), argument(1, "USER"));
          print(Map.of("added", argument(1, "USER")), "added " + argument(1, "USER"));
        }
        case "remove" -> {
          messenger.removeMember(argument(0, "GROUP"), argument(1, "USER"));
          print(Map.of("removed", argument(1, "USER")), "removed " + argument(1, "USER"));
        }
        case "send" -> {
          String group = argument(0, "GROUP");
          if (file != null) {
            messenger.sendGroupFile(group, file);
          } else {
            messenger.sendGroupText(group, argument(1, "TEXT"));
          }
          print(Map.of("sent", group), "sent to the group");
        }
        case "list" -> {
          List<MessageContent.GroupState> groups = messenger.groups();
          StringBuilder text = new StringBuilder();
          groups.forEach(g -> text.append(g.name()).append(" (").append(g.id()).append("): ")
              .append(String.join(", ", g.members())).append('\n'));
          print(groups, text.toString().strip());
        }
        default -> throw new CliFailure("unknown group action: use create, add, remove, send or list", null);
      }
      return 0;
    });
  }

  private String argument(int index, String name) {
    if (arguments.size() <= index) {
      throw new CliFailure("group " + action + " needs " + name, null);
    }
    return arguments.get(index);
  }
}
