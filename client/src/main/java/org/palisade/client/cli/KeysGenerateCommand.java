// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.palisade.client.identity.IdentityKeyFingerprint;
import org.signal.libsignal.protocol.IdentityKeyPair;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code palisade keys generate --home DIR}: creates an identity key pair and prints the public key's
 * fingerprint, and nothing else, to stdout.
 *
 * <p>The private key is not written anywhere yet: an unencrypted private key on disk is worse than none,
 * and the encrypted key store that will live in the home directory comes with a later change. Until then
 * the command prepares the home directory (owner-only) and the key pair lives only for the run.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "Generate an identity key pair and print its public key fingerprint (SHA-256, hex).")
final class KeysGenerateCommand implements Runnable {

  @Spec CommandSpec spec;

  @Option(
      names = "--home",
      required = true,
      paramLabel = "DIR",
      description = "The client's home directory; created owner-only if missing.")
  Path home;

  @Override
  public void run() {
    prepareHome();
    IdentityKeyPair identity = IdentityKeyPair.generate();
    IdentityKeyFingerprint fingerprint = IdentityKeyFingerprint.of(identity.getPublicKey());
    spec.commandLine().getOut().println(fingerprint.hex());
    spec.commandLine().getOut().flush();
  }

  private void prepareHome() {
    if (Files.isDirectory(home)) {
      return;
    }
    if (Files.exists(home, LinkOption.NOFOLLOW_LINKS)) {
      throw new CliFailure("--home exists and is not a directory", null);
    }
    try {
      if (home.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.createDirectories(
            home, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectories(home);
      }
    } catch (IOException e) {
      throw new CliFailure("cannot create the --home directory", e);
    }
  }
}
