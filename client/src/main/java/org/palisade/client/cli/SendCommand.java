// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.cli;

import java.nio.file.Path;
import java.util.Map;
import org.palisade.client.gateway.SubmitResult;
import org.palisade.client.messaging.Messenger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code palisade send --to USER TEXT} or {@code --file PATH}: one end-to-end encrypted message. */
@Command(name = "send", mixinStandardHelpOptions = true,
    description = "Send a text or a file, end-to-end encrypted, to every device of a colleague (and your others).")
final class SendCommand extends ProfileCommand {

  @Option(names = "--to", required = true, paramLabel = "USER", description = "The recipient's username.")
  String to;

  @Option(names = "--file", paramLabel = "PATH", description = "Send this file (encrypted here, then uploaded).")
  Path file;

  @Parameters(arity = "0..1", paramLabel = "TEXT", description = "The text to send.")
  String text;

  @Override
  int run() throws Exception {
    if ((text == null) == (file == null)) {
      throw new CliFailure("give either TEXT or --file PATH", null);
    }
    return withProfile(profile -> {
      Messenger messenger = profile.messenger();
      SubmitResult result = file != null ? messenger.sendFile(to, file) : messenger.sendText(to, text);
      messenger.takeNotices().forEach(notice -> err().println("note: " + notice));
      print(Map.of("to", to, "envelopes", result.envelopes().size(), "serverTime", result.serverTime().toString()),
          "sent to " + to + " (" + result.envelopes().size() + " device" + (result.envelopes().size() == 1 ? "" : "s")
              + ")");
      return 0;
    });
  }
}
