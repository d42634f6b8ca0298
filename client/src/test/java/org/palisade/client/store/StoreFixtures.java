// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Shared set-up for the store tests. */
final class StoreFixtures {

  /** Argon2 cheap enough for tests; the header records it, so reopening uses it too. */
  static final Argon2Settings CHEAP_ARGON2 = new Argon2Settings(1024, 1, 1);

  static final String PASSPHRASE = "correct horse battery staple";

  private StoreFixtures() {}

  static ClientStore create(Path directory) {
    return ClientStore.create(directory, PASSPHRASE.toCharArray(), CHEAP_ARGON2);
  }

  static ClientStore open(Path directory) {
    return ClientStore.open(directory, PASSPHRASE.toCharArray());
  }

  /** The store's database opened directly, bypassing the store (it must be closed). */
  static Connection rawDatabase(Path directory) throws SQLException {
    return DriverManager.getConnection(
        new StoreFiles(directory).databaseUrl() + ";IFEXISTS=TRUE", ClientStore.DATABASE_USER, "");
  }
}
