// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryStoreTest {

  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00.123456789Z");

  @TempDir Path temp;

  @Test
  void conversationsComeBackInTimeOrderAfterReopening() {
    HistoryEntry second = entry("c1", "e2", T0.plusSeconds(5), HistoryEntry.OUT, "me", "second", null);
    HistoryEntry first =
        entry("c1", "e1", T0, HistoryEntry.IN, "bob", "first", "{\"id\":\"att-1\",\"size\":10}");
    HistoryEntry third = entry("c1", "e3", T0.plusSeconds(9), HistoryEntry.IN, "bob", "", null);
    HistoryEntry elsewhere = entry("c2", "e4", T0, HistoryEntry.IN, "carol", "other chat", null);
    try (ClientStore store = StoreFixtures.create(temp.resolve("profile"))) {
      HistoryStore history = new HistoryStore(store);
      assertThat(history.append(third)).isTrue();
      assertThat(history.append(first)).isTrue();
      assertThat(history.append(second)).isTrue();
      assertThat(history.append(elsewhere)).isTrue();
    }

    try (ClientStore store = StoreFixtures.open(temp.resolve("profile"))) {
      HistoryStore history = new HistoryStore(store);
      assertThat(history.conversation("c1")).containsExactly(first, second, third);
      assertThat(history.conversation("c2")).containsExactly(elsewhere);
      assertThat(history.conversation("nobody")).isEmpty();
      assertThat(history.conversation("c1").get(0).time()).isEqualTo(T0);
      assertThat(history.conversation("c1").get(0).attachmentJson())
          .isEqualTo("{\"id\":\"att-1\",\"size\":10}");

      assertThat(history.deleteConversation("c1")).isEqualTo(3);
      assertThat(history.conversation("c1")).isEmpty();
      assertThat(history.conversation("c2")).hasSize(1);
    }
  }

  @Test
  void anEnvelopeIsAppendedOnlyOnce() {
    try (ClientStore store = StoreFixtures.create(temp.resolve("profile"))) {
      HistoryStore history = new HistoryStore(store);
      HistoryEntry original = entry("c1", "e1", T0, HistoryEntry.IN, "bob", "original", null);

      assertThat(history.append(original)).isTrue();
      assertThat(history.append(entry("c1", "e1", T0, HistoryEntry.IN, "bob", "replayed", null))).isFalse();

      assertThat(history.conversation("c1")).containsExactly(original);
    }
  }

  @Test
  void markSeenIsTrueOnlyTheFirstTimeEvenAfterReopening() {
    try (ClientStore store = StoreFixtures.create(temp.resolve("profile"))) {
      HistoryStore history = new HistoryStore(store);
      assertThat(history.isSeen("envelope-1")).isFalse();
      assertThat(history.markSeen("envelope-1")).isTrue();
      assertThat(history.markSeen("envelope-1")).isFalse();
      assertThat(history.isSeen("envelope-1")).isTrue();
    }
    try (ClientStore store = StoreFixtures.open(temp.resolve("profile"))) {
      HistoryStore history = new HistoryStore(store);
      assertThat(history.markSeen("envelope-1")).isFalse();
      assertThat(history.markSeen("envelope-2")).isTrue();
    }
  }

  @Test
  void aDecryptCanCommitTogetherWithItsHistoryEntry() {
    try (ClientStore store = StoreFixtures.create(temp.resolve("profile"))) {
      HistoryStore history = new HistoryStore(store);

      assertThatThrownBy(
              () ->
                  store.inTransaction(
                      () -> {
                        history.markSeen("e1");
                        history.append(entry("c1", "e1", T0, HistoryEntry.IN, "bob", "lost", null));
                        throw new IllegalStateException("crash before the commit");
                      }))
          .isInstanceOf(IllegalStateException.class);

      assertThat(history.isSeen("e1")).isFalse();
      assertThat(history.conversation("c1")).isEmpty();
    }
  }

  @Test
  void entriesValidateTheirDirectionAndKeepContentOutOfToString() {
    assertThatThrownBy(() -> entry("c", "e", T0, "sideways", "bob", "b", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(entry("c", "e", T0, HistoryEntry.IN, "bob", "secret body", null).toString())
        .doesNotContain("secret", "bob");
  }

  private static HistoryEntry entry(
      String conversation,
      String envelopeId,
      Instant time,
      String direction,
      String sender,
      String body,
      String attachmentJson) {
    return new HistoryEntry(conversation, envelopeId, time, direction, sender, body, attachmentJson);
  }
}
