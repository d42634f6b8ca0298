// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.palisade.client.profile.ClientConfig;
import org.palisade.client.profile.Profile;
import org.palisade.client.profile.ProfileException;
import picocli.CommandLine.Option;

/**
 * The options every profile command shares: where the profile lives and how its store is unlocked. The
 * passphrase comes from {@code --passphrase-file}, else {@code PALISADE_PASSPHRASE}, else the terminal; never
 * from the command line, where other users could read it.
 */
final class ProfileOptions {

  @Option(names = "--home", paramLabel = "DIR",
      description = "The profile's directory (default: $PALISADE_CLI_HOME, else ~/.palisade-cli).")
  Path home;

  @Option(names = "--passphrase-file", paramLabel = "FILE",
      description = "A file whose first line is the passphrase of the profile's encrypted store.")
  Path passphraseFile;

  @Option(names = "--json", description = "Print results as JSON.")
  boolean json;

  @Option(names = "--gateway", paramLabel = "URL", description = "The gateway (default: $PALISADE_GATEWAY_URL).")
  String gateway;

  @Option(names = "--issuer", paramLabel = "URL", description = "The SSO issuer (default: $PALISADE_OIDC_ISSUER).")
  String issuer;

  @Option(names = "--ca-file", paramLabel = "PEM", description = "The CA of the gateway's and SSO's TLS "
      + "certificates (default: $PALISADE_CA_FILE, else the JDK's trust).")
  Path caFile;

  @Option(names = "--org-root", paramLabel = "PEM", description = "The pinned organisation root that certifies "
      + "devices (default: $PALISADE_ORG_ROOT, else $PALISADE_HOME/org-root.pem).")
  Path orgRoot;

  Path home() {
    if (home != null) {
      return home;
    }
    String fromEnv = System.getenv("PALISADE_CLI_HOME");
    return fromEnv != null ? Path.of(fromEnv) : Path.of(System.getProperty("user.home"), ".palisade-cli");
  }

  char[] passphrase() {
    if (passphraseFile != null) {
      try {
        String first = Files.readAllLines(passphraseFile, StandardCharsets.UTF_8).stream().findFirst().orElse("");
        if (first.isEmpty()) {
          throw new CliFailure("the passphrase file is empty", null);
        }
        return first.toCharArray();
      } catch (IOException e) {
        throw new CliFailure("cannot read the passphrase file", e);
      }
    }
    String fromEnv = System.getenv("PALISADE_PASSPHRASE");
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return fromEnv.toCharArray();
    }
    if (System.console() != null) {
      char[] typed = System.console().readPassword("Passphrase of the local store: ");
      if (typed != null && typed.length > 0) {
        return typed;
      }
    }
    throw new CliFailure("no passphrase: use --passphrase-file FILE or set PALISADE_PASSPHRASE", null);
  }

  ClientConfig config() {
    Map<String, String> env = new java.util.HashMap<>(System.getenv());
    putIfGiven(env, "PALISADE_GATEWAY_URL", gateway);
    putIfGiven(env, "PALISADE_OIDC_ISSUER", issuer);
    putIfGiven(env, "PALISADE_CA_FILE", caFile == null ? null : caFile.toString());
    putIfGiven(env, "PALISADE_ORG_ROOT", orgRoot == null ? null : orgRoot.toString());
    if (!env.containsKey("PALISADE_ORG_ROOT") && env.containsKey("PALISADE_HOME")) {
      env.put("PALISADE_ORG_ROOT", Path.of(env.get("PALISADE_HOME"), "org-root.pem").toString());
    }
    try {
      return ClientConfig.fromEnvironment(env);
    } catch (ProfileException e) {
      throw new CliFailure(e.getMessage(), e);
    }
  }

  private static void putIfGiven(Map<String, String> env, String name, String value) {
    if (value != null) {
      env.put(name, value);
    }
  }

  Profile open() {
    return Profiles.open(home(), passphrase(), config());
  }
}
