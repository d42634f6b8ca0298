// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientStoreTest {

  @TempDir Path temp;

  private Path directory() {
    return temp.resolve("profile");
  }

  @Test
  void keepsRecordsAcrossReopening() {
    try (ClientStore store = StoreFixtures.create(directory())) {
      store.put("settings", "theme", bytes("dark"));
      store.put("settings", "language", bytes("en"));
    }
    try (ClientStore store = StoreFixtures.open(directory())) {
      assertThat(store.get("settings", "theme")).isEqualTo(bytes("dark"));
      assertThat(store.entries("settings")).containsOnlyKeys("language", "theme");
    }
  }

  @Test
  void opensWithTheDefaultArgon2Parameters() throws IOException {
    try (ClientStore store = ClientStore.create(directory(), "a real passphrase".toCharArray())) {
      store.put("n", "k", bytes("v"));
    }
    assertThat(Files.readString(directory().resolve(StoreFiles.HEADER)))
        .contains("\"memoryKiB\" : 65536", "\"iterations\" : 3", "\"parallelism\" : 1");
    try (ClientStore store = ClientStore.open(directory(), "a real passphrase".toCharArray())) {
      assertThat(store.get("n", "k")).isEqualTo(bytes("v"));
    }
  }

  @Test
  void aWrongPassphraseDoesNotOpenTheStore() {
    StoreFixtures.create(directory()).close();

    assertThatThrownBy(() -> ClientStore.open(directory(), "incorrect horse".toCharArray()))
        .isInstanceOfSatisfying(
            StoreException.class, e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.WRONG_KEY))
        .hasMessageNotContaining("incorrect");
    assertThatThrownBy(() -> ClientStore.open(directory(), new byte[32]))
        .isInstanceOfSatisfying(
            StoreException.class, e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.WRONG_KEY));
  }

  @Test
  void aHostKeyStoreOpensWithThatKeyOnly() {
    byte[] hostKey = new byte[32];
    hostKey[31] = 1;
    try (ClientStore store = ClientStore.create(directory(), hostKey)) {
      store.put("tokens", "refresh", bytes("r"));
    }
    byte[] otherKey = new byte[32];

    assertThatThrownBy(() -> ClientStore.open(directory(), otherKey))
        .isInstanceOfSatisfying(
            StoreException.class, e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.WRONG_KEY));
    assertThatThrownBy(() -> ClientStore.open(directory(), "anything".toCharArray()))
        .isInstanceOfSatisfying(
            StoreException.class, e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.WRONG_KEY));
    try (ClientStore store = ClientStore.open(directory(), hostKey)) {
      assertThat(store.get("tokens", "refresh")).isEqualTo(bytes("r"));
    }
  }

  @Test
  void reportsMissingExistingAndBusyStores() {
    assertThat(ClientStore.exists(directory())).isFalse();
    assertThatThrownBy(() -> StoreFixtures.open(directory()))
        .isInstanceOfSatisfying(
            StoreException.class, e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.NOT_FOUND));

    try (ClientStore store = StoreFixtures.create(directory())) {
      assertThat(ClientStore.exists(directory())).isTrue();
      assertThatThrownBy(() -> StoreFixtures.create(directory()))
          .isInstanceOfSatisfying(
              StoreException.class,
              e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.ALREADY_EXISTS));
      assertThatThrownBy(() -> StoreFixtures.open(directory()))
          .isInstanceOfSatisfying(
              StoreException.class, e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.IN_USE));
      assertThat(store.isOpen()).isTrue();
    }
  }

  @Test
  void theDirectoryIsPrivateToTheUser() throws IOException {
    StoreFixtures.create(directory()).close();
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return;
    }

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory())))
        .isEqualTo("rwx------");
    try (var files = Files.list(directory())) {
      assertThat(files.toList())
          .isNotEmpty()
          .allSatisfy(
              file ->
                  assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                      .isEqualTo("rw-------"));
    }
  }

  @Test
  void genericRecordOperations() {
    try (ClientStore store = StoreFixtures.create(directory())) {
      assertThat(store.get("tokens", "access")).isNull();
      assertThat(store.contains("tokens", "access")).isFalse();

      store.put("tokens", "access", bytes("one"));
      store.put("tokens", "access", bytes("two"));
      store.put("tokens", "refresh", new byte[0]);
      store.put("profile", "access", bytes("other namespace"));

      assertThat(store.get("tokens", "access")).isEqualTo(bytes("two"));
      assertThat(store.get("tokens", "refresh")).isEmpty();
      assertThat(store.contains("tokens", "access")).isTrue();
      assertThat(store.values("tokens")).containsExactly(bytes("two"), new byte[0]);
      assertThat(store.putIfAbsent("tokens", "access", bytes("three"))).isFalse();
      assertThat(store.putIfAbsent("tokens", "id", bytes("three"))).isTrue();
      assertThat(store.get("tokens", "access")).isEqualTo(bytes("two"));

      assertThat(store.delete("tokens", "access")).isTrue();
      assertThat(store.delete("tokens", "access")).isFalse();
      assertThat(store.entries("tokens")).containsOnlyKeys("id", "refresh");
      assertThat(store.deleteAll("tokens")).isEqualTo(2);
      assertThat(store.entries("tokens")).isEmpty();
      assertThat(store.get("profile", "access")).isEqualTo(bytes("other namespace"));
    }
  }

  @Test
  void keepsLargeValuesAndUnusualNames() {
    byte[] large = new byte[3 * 1024 * 1024];
    for (int i = 0; i < large.length; i++) {
      large[i] = (byte) i;
    }
    String name = "💬 with/slashes\u0000and nul";
    try (ClientStore store = StoreFixtures.create(directory())) {
      store.put("groups/ünïcode", name, large);
    }
    try (ClientStore store = StoreFixtures.open(directory())) {
      assertThat(store.get("groups/ünïcode", name)).isEqualTo(large);
      assertThat(store.entries("groups/ünïcode")).containsOnlyKeys(name);
    }
  }

  @Test
  void refusesTheReservedNamespaceAndMalformedNames() {
    try (ClientStore store = StoreFixtures.create(directory())) {
      assertThatThrownBy(() -> store.put(ClientStore.META_NAMESPACE, "store-id", new byte[16]))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.put("", "k", new byte[0]))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.put("n", "\uDC00", new byte[0]))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aFailedTransactionLeavesNothingBehind() {
    try (ClientStore store = StoreFixtures.create(directory())) {
      store.put("n", "kept", bytes("before"));

      assertThatThrownBy(
              () ->
                  store.inTransaction(
                      () -> {
                        store.put("n", "kept", bytes("after"));
                        store.put("n", "new", bytes("new"));
                        throw new IOException("host failure");
                      }))
          .isInstanceOf(IOException.class);

      assertThat(store.get("n", "kept")).isEqualTo(bytes("before"));
      assertThat(store.get("n", "new")).isNull();
    }
  }

  @Test
  void aFailedNestedTransactionUndoesOnlyItsOwnWrites() {
    try (ClientStore store = StoreFixtures.create(directory())) {
      String result =
          store.inTransaction(
              () -> {
                store.put("n", "outer", bytes("outer"));
                try {
                  store.inTransaction(
                      () -> {
                        store.put("n", "inner", bytes("inner"));
                        throw new IllegalStateException("inner failure");
                      });
                } catch (IllegalStateException expected) {
                  // the outer work carries on
                }
                return "done";
              });

      assertThat(result).isEqualTo("done");
      assertThat(store.get("n", "outer")).isEqualTo(bytes("outer"));
      assertThat(store.get("n", "inner")).isNull();
    }
  }

  @Test
  void committedTransactionsSurviveReopening() {
    try (ClientStore store = StoreFixtures.create(directory())) {
      store.inTransaction(
          () -> {
            store.put("n", "a", bytes("1"));
            store.put("n", "b", bytes("2"));
            return null;
          });
    }
    try (ClientStore store = StoreFixtures.open(directory())) {
      assertThat(store.entries("n")).containsOnlyKeys("a", "b");
    }
  }

  @Test
  void concurrentWritersDoNotCorruptTheStore() throws Exception {
    int threads = 8;
    int perThread = 25;
    try (ClientStore store = StoreFixtures.create(directory())) {
      store.put("counter", "value", bytes("0"));
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    store.put("items", thread + "-" + i, bytes("v" + thread + "-" + i));
                    // read-modify-write: lost updates would show in the final count
                    store.inTransaction(
                        () -> {
                          int current = Integer.parseInt(new String(store.get("counter", "value"), UTF_8));
                          store.put("counter", "value", bytes(Integer.toString(current + 1)));
                          return null;
                        });
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> future : futures) {
        future.get(2, TimeUnit.MINUTES);
      }
      pool.shutdown();

      assertThat(store.entries("items")).hasSize(threads * perThread);
      assertThat(new String(store.get("counter", "value"), UTF_8))
          .isEqualTo(Integer.toString(threads * perThread));
    }
    try (ClientStore store = StoreFixtures.open(directory())) {
      assertThat(store.entries("items"))
          .hasSize(threads * perThread)
          .allSatisfy((name, value) -> assertThat(value).isEqualTo(bytes("v" + name)));
    }
  }

  @Test
  void aClosedStoreSaysSo() {
    ClientStore store = StoreFixtures.create(directory());
    store.close();
    store.close();

    assertThat(store.isOpen()).isFalse();
    assertThatThrownBy(() -> store.get("n", "k"))
        .isInstanceOfSatisfying(
            StoreException.class, e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.CLOSED));
  }

  @Test
  void cannotBeClosedInsideATransaction() {
    try (ClientStore store = StoreFixtures.create(directory())) {
      assertThatThrownBy(
              () ->
                  store.inTransaction(
                      () -> {
                        store.close();
                        return null;
                      }))
          .isInstanceOf(IllegalStateException.class);
      assertThat(store.isOpen()).isTrue();
    }
  }

  static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }
}
