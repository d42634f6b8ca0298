// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code palisade version}: the same line as {@code --version}, as a subcommand for scripts. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the client version.")
final class VersionCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().getOut().println(CliVersion.text());
  }
}
