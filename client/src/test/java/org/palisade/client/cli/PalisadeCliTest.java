// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PalisadeCliTest {

  @TempDir Path tmp;

  /** Runs the CLI in-process as `palisade args...`. */
  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = PalisadeCli.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  private record Run(int exitCode, String out, String err) {}

  @Test
  void keysGeneratePrintsOnlyAFingerprint() {
    Run run = run("keys", "generate", "--home", tmp.resolve("home").toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).matches("[0-9a-f]{64}\\R");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void eachKeysGenerateMakesANewKey() {
    String home = tmp.resolve("home").toString();

    Run first = run("keys", "generate", "--home", home);
    Run second = run("keys", "generate", "--home", home);

    assertThat(first.exitCode()).isZero();
    assertThat(second.exitCode()).isZero();
    assertThat(first.out().strip()).isNotEqualTo(second.out().strip());
  }

  @Test
  void keysGenerateCreatesAnOwnerOnlyHomeAndWritesNoKeyIntoIt() throws Exception {
    Path home = tmp.resolve("new").resolve("home");

    assertThat(run("keys", "generate", "--home", home.toString()).exitCode()).isZero();

    assertThat(home).isDirectory();
    assertThat(Files.getPosixFilePermissions(home))
        .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
    try (var entries = Files.list(home)) {
      assertThat(entries).isEmpty();
    }
  }

  @Test
  void keysGenerateWithoutHomeIsAUsageError() {
    Run run = run("keys", "generate");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("--home");
  }

  @Test
  void keysGenerateWithAFileAsHomeFailsWithoutAStackTrace() throws Exception {
    Path file = Files.writeString(tmp.resolve("not-a-directory"), "x");

    Run run = run("keys", "generate", "--home", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).isEqualTo("palisade: --home exists and is not a directory" + System.lineSeparator());
  }

  @Test
  void unknownOptionsAndMissingSubcommandsAreUsageErrors() {
    assertThat(run("--no-such-option").exitCode()).isEqualTo(2);
    assertThat(run("no-such-command").exitCode()).isEqualTo(2);
    assertThat(run().exitCode()).isEqualTo(2);
    assertThat(run("keys").exitCode()).isEqualTo(2);
  }

  @Test
  void versionSubcommandAndOptionPrintTheBuiltVersion() {
    Run subcommand = run("version");
    Run option = run("--version");

    assertThat(subcommand.exitCode()).isZero();
    assertThat(option.exitCode()).isZero();
    // a broken resource filter would leave "${project.version}" here
    assertThat(subcommand.out()).matches("palisade \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R");
    assertThat(option.out()).isEqualTo(subcommand.out());
  }

  @Test
  void helpListsTheSubcommands() {
    Run run = run("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: palisade").contains("version").contains("keys");
  }
}
