// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.cli;

import java.nio.file.Path;
import org.palisade.client.profile.ClientConfig;
import org.palisade.client.profile.Profile;
import org.palisade.client.profile.ProfileException;
import org.palisade.client.store.StoreException;

/** Opening profiles with the CLI's wording for what went wrong. */
final class Profiles {

  private Profiles() {}

  static Profile open(Path home, char[] passphrase, ClientConfig config) {
    try {
      return Profile.open(home, passphrase, config);
    } catch (ProfileException e) {
      throw new CliFailure(e.getMessage(), e);
    } catch (StoreException e) {
      throw new CliFailure(storeProblem(e), e);
    }
  }

  static Profile openOrCreate(Path home, char[] passphrase, ClientConfig config) {
    try {
      return Profile.openOrCreate(home, passphrase, config);
    } catch (ProfileException e) {
      throw new CliFailure(e.getMessage(), e);
    } catch (StoreException e) {
      throw new CliFailure(storeProblem(e), e);
    }
  }

  static String storeProblem(StoreException e) {
    return "the local store cannot be opened: " + e.getMessage();
  }
}
