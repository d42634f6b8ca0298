// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.store;

import static java.nio.charset.StandardCharsets.UTF_16BE;
import static java.nio.charset.StandardCharsets.UTF_16LE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an attacker, or a failing disk, can do to the files, and what the store makes of it. */
class StoreTamperingTest {

  private static final int RECORDS = 40;

  @TempDir Path temp;

  private Path directory() {
    return temp.resolve("profile");
  }

  private Path database() {
    return directory().resolve(StoreFiles.DATABASE);
  }

  private Path header() {
    return directory().resolve(StoreFiles.HEADER);
  }

  @Test
  void theFilesHoldNoPlaintext() throws IOException {
    String marker = "PLAINTEXT-MARKER-7f3a9c";
    try (ClientStore store = StoreFixtures.create(directory())) {
      HistoryStore history = new HistoryStore(store);
      history.append(
          new HistoryEntry(
              "conversation-with-carol",
              "envelope-0001",
              Instant.parse("2025-01-02T03:04:05Z"),
              HistoryEntry.IN,
              "carol@example.org",
              "the body " + marker,
              "{\"name\":\"attachment-" + marker + ".pdf\"}"));
      history.markSeen("envelope-0001");
      store.put("tokens", "refresh-token", ("token-" + marker).getBytes(UTF_8));
      // on disk while the store is open: every commit is synced
      assertThat(allFileBytes()).satisfies(bytes -> assertContainsNone(bytes, marker));
    }

    byte[] files = allFileBytes();
    assertContainsNone(
        files,
        marker,
        "conversation-with-carol",
        "envelope-0001",
        "carol@example.org",
        "history",
        "tokens",
        "refresh-token");
  }

  @Test
  void aFlippedByteInASealedValueIsReportedAsTampering() throws Exception {
    fillStore();
    byte[] sealed = sealedValues().get(0)[1];
    byte[] file = Files.readAllBytes(database());
    byte[] needle = Arrays.copyOfRange(sealed, 20, 52);
    int flipped = 0;
    for (int at = indexOf(file, needle, 0); at >= 0; at = indexOf(file, needle, at + 1)) {
      file[at + 10] ^= 0x01;
      flipped++;
    }
    assertThat(flipped).isPositive();
    Files.write(database(), file);

    try (ClientStore store = StoreFixtures.open(directory())) {
      assertReason(() -> store.entries("n"), StoreException.Reason.TAMPERED);
      int tampered = 0;
      for (int i = 0; i < RECORDS; i++) {
        try {
          assertThat(store.get("n", "k" + i)).isEqualTo(value(i));
        } catch (StoreException e) {
          assertThat(e.reason()).isEqualTo(StoreException.Reason.TAMPERED);
          tampered++;
        }
      }
      assertThat(tampered).isEqualTo(1);
    }
  }

  @Test
  void swappedSealedValuesAreReportedAsTampering() throws Exception {
    fillStore();
    List<byte[][]> rows = sealedValues();
    try (Connection db = StoreFixtures.rawDatabase(directory());
        PreparedStatement update =
            db.prepareStatement("UPDATE sealed_record SET sealed = ? WHERE row_id = ?")) {
      update.setBytes(1, rows.get(1)[1]);
      update.setBytes(2, rows.get(0)[0]);
      update.executeUpdate();
      update.setBytes(1, rows.get(0)[1]);
      update.setBytes(2, rows.get(1)[0]);
      update.executeUpdate();
    }

    try (ClientStore store = StoreFixtures.open(directory())) {
      int tampered = 0;
      for (int i = 0; i < RECORDS; i++) {
        try {
          assertThat(store.get("n", "k" + i)).isEqualTo(value(i));
        } catch (StoreException e) {
          assertThat(e.reason()).isEqualTo(StoreException.Reason.TAMPERED);
          tampered++;
        }
      }
      assertThat(tampered).isEqualTo(2);
      assertReason(() -> store.entries("n"), StoreException.Reason.TAMPERED);
    }
  }

  @Test
  void aRowMovedToAnotherNamespaceIsReportedAsTampering() throws Exception {
    try (ClientStore store = StoreFixtures.create(directory())) {
      store.put("contacts", "alice", value(1));
    }
    List<byte[][]> before = rows();
    try (ClientStore store = StoreFixtures.open(directory())) {
      store.put("blocked", "mallory", value(2));
    }
    byte[][] blocked =
        rows().stream()
            .filter(row -> before.stream().noneMatch(old -> Arrays.equals(old[0], row[0])))
            .findFirst()
            .orElseThrow();
    try (Connection db = StoreFixtures.rawDatabase(directory());
        PreparedStatement update =
            db.prepareStatement("UPDATE sealed_record SET ns_tag = ? WHERE ns_tag <> ?")) {
      // every other row claims to be in the "blocked" namespace
      update.setBytes(1, blocked[2]);
      update.setBytes(2, blocked[2]);
      assertThat(update.executeUpdate()).isEqualTo(2);
    }

    try (ClientStore store = StoreFixtures.open(directory())) {
      assertReason(() -> store.entries("blocked"), StoreException.Reason.TAMPERED);
    }
  }

  /** (row id, sealed value, namespace tag) of every row of the closed store's database. */
  private List<byte[][]> rows() throws SQLException {
    List<byte[][]> rows = new ArrayList<>();
    try (Connection db = StoreFixtures.rawDatabase(directory());
        Statement statement = db.createStatement();
        ResultSet result = statement.executeQuery("SELECT row_id, sealed, ns_tag FROM sealed_record")) {
      while (result.next()) {
        rows.add(new byte[][] {result.getBytes(1), result.getBytes(2), result.getBytes(3)});
      }
    }
    return rows;
  }

  @Test
  void aValueCopiedIntoAnotherRowIsReportedAsTampering() throws Exception {
    fillStore();
    List<byte[][]> rows = sealedValues();
    try (Connection db = StoreFixtures.rawDatabase(directory());
        PreparedStatement update =
            db.prepareStatement("UPDATE sealed_record SET sealed = ? WHERE row_id = ?")) {
      update.setBytes(1, rows.get(0)[1]);
      update.setBytes(2, rows.get(1)[0]);
      update.executeUpdate();
    }

    try (ClientStore store = StoreFixtures.open(directory())) {
      assertReason(() -> store.entries("n"), StoreException.Reason.TAMPERED);
    }
  }

  @Test
  void randomByteFlipsGiveStoreErrorsOrCorrectValuesButNeverWrongOnesOrCrashes() throws Exception {
    for (int seed = 0; seed < 12; seed++) {
      Path directory = temp.resolve("fuzz-" + seed);
      try (ClientStore store = StoreFixtures.create(directory)) {
        for (int i = 0; i < RECORDS; i++) {
          store.put("n", "k" + i, value(i));
        }
      }
      Path database = directory.resolve(StoreFiles.DATABASE);
      byte[] file = Files.readAllBytes(database);
      Random random = new Random(seed);
      for (int flip = 0; flip < 16; flip++) {
        file[random.nextInt(file.length)] ^= (byte) (1 + random.nextInt(255));
      }
      Files.write(database, file);

      ClientStore store;
      try {
        store = StoreFixtures.open(directory);
      } catch (StoreException e) {
        assertThat(e.reason()).isIn(StoreException.Reason.CORRUPT, StoreException.Reason.TAMPERED);
        continue;
      }
      try (store) {
        for (int i = 0; i < RECORDS; i++) {
          try {
            byte[] read = store.get("n", "k" + i);
            if (read != null) {
              assertThat(read).as("seed %d record %d", seed, i).isEqualTo(value(i));
            }
          } catch (StoreException e) {
            assertThat(e.reason()).isIn(StoreException.Reason.CORRUPT, StoreException.Reason.TAMPERED);
          }
        }
      }
    }
  }

  @Test
  void aDatabaseWithGarbledFileHeadersIsCorrupt() throws Exception {
    fillStore();
    byte[] file = Files.readAllBytes(database());
    Random random = new Random(42);
    for (int i = 0; i < 8192; i++) {
      file[i] = (byte) random.nextInt();
    }
    Files.write(database(), file);

    assertOpenFails(StoreException.Reason.CORRUPT);
  }

  @Test
  void anEmptiedOrMissingDatabaseIsCorruptNotANewStore() throws Exception {
    fillStore();
    Files.write(database(), new byte[0]);
    assertOpenFails(StoreException.Reason.CORRUPT);

    Files.delete(database());
    assertOpenFails(StoreException.Reason.CORRUPT);
    assertThat(database()).doesNotExist();
  }

  @Test
  void aDatabaseOfAnotherStoreIsCorrupt() throws Exception {
    fillStore();
    Path other = temp.resolve("other");
    StoreFixtures.create(other).close();
    Files.copy(
        other.resolve(StoreFiles.DATABASE), database(), StandardCopyOption.REPLACE_EXISTING);

    assertOpenFails(StoreException.Reason.CORRUPT);
  }

  @Test
  void aMissingOrMalformedHeaderIsCorrupt() throws Exception {
    fillStore();
    byte[] original = Files.readAllBytes(header());

    Files.writeString(header(), "{ not json");
    assertOpenFails(StoreException.Reason.CORRUPT);

    // a doctored cost would exhaust memory: refused before deriving
    Files.writeString(
        header(),
        new String(original, UTF_8).replace("\"memoryKiB\" : 1024", "\"memoryKiB\" : 999999999"));
    assertOpenFails(StoreException.Reason.CORRUPT);

    Files.delete(header());
    assertOpenFails(StoreException.Reason.CORRUPT);
  }

  @Test
  void editedKeyDerivationParametersMakeTheKeyWrong() throws Exception {
    fillStore();
    String original = Files.readString(header());

    Files.writeString(header(), original.replace("\"iterations\" : 1", "\"iterations\" : 2"));

    assertOpenFails(StoreException.Reason.WRONG_KEY);
  }

  @Test
  void aHeaderFromANewerSdkIsReportedAsSuch() throws Exception {
    fillStore();
    Files.writeString(header(), Files.readString(header()).replace("\"format\" : 1", "\"format\" : 2"));

    assertOpenFails(StoreException.Reason.UNSUPPORTED_VERSION);
  }

  private void fillStore() {
    try (ClientStore store = StoreFixtures.create(directory())) {
      for (int i = 0; i < RECORDS; i++) {
        store.put("n", "k" + i, value(i));
      }
    }
  }

  /** (row id, sealed value) of every row, read directly from the closed store's database. */
  private List<byte[][]> sealedValues() throws SQLException {
    List<byte[][]> rows = rows();
    // the store-id row is in the table too; keep only the test's (longer) records
    int longest = rows.stream().mapToInt(row -> row[1].length).max().orElseThrow();
    rows.removeIf(row -> row[1].length != longest);
    assertThat(rows).hasSize(RECORDS);
    return rows;
  }

  private void assertOpenFails(StoreException.Reason reason) {
    assertReason(() -> StoreFixtures.open(directory()).close(), reason);
  }

  private static void assertReason(ThrowingCallable call, StoreException.Reason reason) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  /** 100 bytes: longer than the store's own id record, so the tests can tell their rows apart. */
  private static byte[] value(int i) {
    return String.format("value number %-87d", i).getBytes(UTF_8);
  }

  private byte[] allFileBytes() throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    try (var files = Files.list(directory())) {
      for (Path file : files.toList()) {
        all.writeBytes(Files.readAllBytes(file));
      }
    }
    return all.toByteArray();
  }

  private static void assertContainsNone(byte[] haystack, String... needles) {
    for (String needle : needles) {
      for (var charset : List.of(UTF_8, UTF_16BE, UTF_16LE)) {
        if (indexOf(haystack, needle.getBytes(charset), 0) >= 0) {
          fail("the store files contain \"" + needle + "\" in " + charset);
        }
      }
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
