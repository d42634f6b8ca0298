// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** One CLI profile as a test drives it: the same command line a user types, run in-process. */
final class CliRun {

  /** What a command printed and returned. */
  record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- out\n" + out + "\n--- err\n" + err;
    }
  }

  private final Path home;
  private final List<String> common;

  CliRun(Path home, Path passphraseFile, List<String> connection) {
    this.home = home;
    this.common = new ArrayList<>(List.of("--home", home.toString(), "--passphrase-file", passphraseFile.toString()));
    this.common.addAll(connection);
  }

  Path home() {
    return home;
  }

  Result run(String command, String... arguments) {
    return runWithInput(null, command, arguments);
  }

  /** Runs {@code palisade COMMAND [SUBCOMMAND...] OPTIONS ARGUMENTS} with {@code stdin} as standard input. */
  synchronized Result runWithInput(String stdin, String command, String... arguments) {
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    args.addAll(common);
    args.addAll(List.of(arguments));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = PalisadeCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    InputStream stdinBefore = System.in;
    try {
      if (stdin != null) {
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      }
      int exit = cli.execute(args.toArray(String[]::new));
      return new Result(exit, out.toString(), err.toString());
    } finally {
      System.setIn(stdinBefore);
    }
  }
}
