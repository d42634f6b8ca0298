// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The reference command line for staff, built on the client SDK. Scriptable: results go to stdout,
 * diagnostics to stderr, and the exit code is 0 on success, 1 when the command failed and 2 on a usage
 * error.
 */
@Command(
    name = "palisade",
    mixinStandardHelpOptions = true,
    versionProvider = CliVersion.class,
    description = "Palisade client: end-to-end encrypted messaging for staff, with the company SSO.",
    subcommands = {VersionCommand.class, KeysCommand.class, LoginCommand.class, DevicesCommand.class,
        SendCommand.class, ReceiveCommand.class, GroupCommand.class, SafetyNumberCommand.class, VerifyCommand.class,
        HistoryCommand.class})
public final class PalisadeCli {

  /** Exit code when a well-formed command could not be carried out. */
  static final int EXIT_FAILURE = 1;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests use it to run commands in-process. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new PalisadeCli());
    commandLine.setExecutionExceptionHandler(new FailureHandler());
    return commandLine;
  }

  /**
   * Prints a fixed, one-line reason instead of picocli's default stack trace, which can carry paths
   * and key material from a dependency's message.
   */
  private static final class FailureHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(
        Exception exception, CommandLine commandLine, CommandLine.ParseResult parseResult) {
      String reason =
          exception instanceof CliFailure failure ? failure.getMessage() : "unexpected internal error";
      commandLine.getErr().println("palisade: " + reason);
      commandLine.getErr().flush();
      return EXIT_FAILURE;
    }
  }
}
