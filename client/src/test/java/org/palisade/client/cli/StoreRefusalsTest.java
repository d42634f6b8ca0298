// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palisade.client.store.ClientStore;

/** A wrong passphrase or a damaged store file gives one clear line and exit code 1, and changes nothing. */
class StoreRefusalsTest {

  @TempDir Path home;

  private CliRun profile(String passphrase) throws Exception {
    Path file = home.resolve("passphrase-" + passphrase.hashCode());
    Files.writeString(file, passphrase + "\n");
    // never contacted: the store is opened first
    return new CliRun(home.resolve("profile"), file, List.of("--gateway", "https://127.0.0.1:9",
        "--issuer", "https://127.0.0.1:9/realms/palisade", "--org-root", home.resolve("org-root.pem").toString()));
  }

  @Test
  void aWrongPassphraseDoesNotOpenTheStore() throws Exception {
    try (ClientStore store = ClientStore.create(home.resolve("profile").resolve("store"), "the right one".toCharArray())) {
      store.put("profile", "marker", new byte[] {1});
    }
    CliRun.Result result = profile("a wrong one").run("history", "bob");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.err()).startsWith("palisade: the local store cannot be opened").contains("WRONG_KEY")
        .doesNotContain("Exception").doesNotContain("\tat ");
    try (ClientStore store = ClientStore.open(home.resolve("profile").resolve("store"), "the right one".toCharArray())) {
      assertThat(store.get("profile", "marker")).containsExactly(1);
    }
  }

  @Test
  void aDamagedStoreIsAnErrorNotACrash() throws Exception {
    try (ClientStore store = ClientStore.create(home.resolve("profile").resolve("store"), "the right one".toCharArray())) {
      store.put("profile", "marker", new byte[] {1});
    }
    try (Stream<Path> files = Files.list(home.resolve("profile").resolve("store"))) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".mv.db")).toList()) {
        byte[] bytes = Files.readAllBytes(file);
        for (int i = 0; i < bytes.length; i += 7) {
          bytes[i] ^= 0x5a;
        }
        Files.write(file, bytes);
      }
    }
    CliRun.Result result = profile("the right one").run("history", "bob");
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.err()).startsWith("palisade: the local store cannot be opened")
        .doesNotContain("\tat ");
  }
}
