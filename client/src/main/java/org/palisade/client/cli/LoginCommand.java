// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.palisade.client.auth.DeviceCode;
import org.palisade.client.auth.Tokens;
import org.palisade.client.profile.Profile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code palisade login}: signs in with the company SSO (the device flow: open the printed URL and enter the
 * code, or {@code --user NAME --password-stdin} for scripts) and, the first time, sets this device up: keys
 * made and kept in the encrypted store, registered and certified by the organisation.
 */
@Command(name = "login", mixinStandardHelpOptions = true,
    description = "Sign in with the company SSO and set this device up on first use.")
final class LoginCommand extends ProfileCommand {

  @Option(names = "--user", paramLabel = "NAME", description = "Sign in with a password instead of the device flow.")
  String user;

  @Option(names = "--password-stdin", description = "Read the password from the first line of stdin (with --user).")
  boolean passwordStdin;

  @Override
  int run() throws Exception {
    if (user != null && !passwordStdin) {
      throw new CliFailure("--user needs --password-stdin (a password is never taken from the command line)", null);
    }
    try (Profile profile = Profiles.openOrCreate(options.home(), options.passphrase(), options.config())) {
      Tokens tokens = user != null ? profile.login().passwordGrant(user, readPassword()) : deviceFlow(profile);
      Profile.Identity identity = profile.signedIn(tokens);
      profile.provisioning().topUp(profile.gateway(), identity.deviceId());
      print(Map.of("username", identity.username(), "userId", identity.userId().toString(),
          "deviceId", identity.deviceId()),
          "signed in as " + identity.username() + " on device " + identity.deviceId());
      return 0;
    }
  }

  private Tokens deviceFlow(Profile profile) throws Exception {
    DeviceCode code = profile.login().deviceAuthorization();
    err().println("To sign in, open " + code.verificationUri() + " and enter the code " + code.userCode());
    if (code.verificationUriComplete() != null) {
      err().println("(or open " + code.verificationUriComplete() + ")");
    }
    err().flush();
    return profile.login().pollDeviceToken(code);
  }

  private static char[] readPassword() throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line = in.readLine();
    if (line == null || line.isEmpty()) {
      throw new CliFailure("no password on stdin", null);
    }
    return line.toCharArray();
  }
}
