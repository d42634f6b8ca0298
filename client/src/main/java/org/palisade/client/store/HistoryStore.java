// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The message history in the {@link ClientStore}: one namespace per conversation, one sealed record
 * per message (JSON), named by envelope id. The database shows how many rows each (unnamed)
 * conversation has, never its id, times or contents.
 *
 * <p>Duplicate envelopes: the gateway may deliver an envelope again (after a reconnect, or when the
 * acknowledgement was lost). {@link #markSeen} answers true only the first time for an envelope id, so
 * the messenger decrypts and shows each envelope once. Run the decrypt, {@code markSeen} and {@link
 * #append} in one {@link ClientStore#inTransaction}, so a crash cannot keep one without the others.
 */
public final class HistoryStore {

  private static final byte[] SEEN = new byte[0];
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private static final Comparator<HistoryEntry> TIME_ORDER =
      Comparator.comparing(HistoryEntry::time).thenComparing(HistoryEntry::envelopeId);

  private final ClientStore store;

  public HistoryStore(ClientStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /**
   * Adds a message to its conversation.
   *
   * @return false, and nothing changes, when the conversation already has this envelope id
   */
  public boolean append(HistoryEntry entry) {
    Objects.requireNonNull(entry, "entry");
    byte[] json;
    try {
      json = JSON.writeValueAsBytes(entry);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return store.putIfAbsent(namespace(entry.conversation()), entry.envelopeId(), json);
  }

  /** The messages of a conversation, oldest first (ties by envelope id). */
  public List<HistoryEntry> conversation(String conversation) {
    List<HistoryEntry> entries = new ArrayList<>();
    for (byte[] json : store.values(namespace(conversation))) {
      entries.add(parse(json));
    }
    entries.sort(TIME_ORDER);
    return entries;
  }

  /**
   * Removes a conversation's messages.
   *
   * @return how many there were
   */
  public int deleteConversation(String conversation) {
    return store.deleteAll(namespace(conversation));
  }

  /**
   * Records that an envelope has been processed.
   *
   * @return true the first time for {@code envelopeId}; false for a duplicate, which the messenger
   *     drops
   */
  public boolean markSeen(String envelopeId) {
    Objects.requireNonNull(envelopeId, "envelopeId");
    return store.putIfAbsent(Namespaces.SEEN_ENVELOPE, envelopeId, SEEN);
  }

  /** Whether {@link #markSeen} has been called for the envelope. */
  public boolean isSeen(String envelopeId) {
    Objects.requireNonNull(envelopeId, "envelopeId");
    return store.contains(Namespaces.SEEN_ENVELOPE, envelopeId);
  }

  private static String namespace(String conversation) {
    Objects.requireNonNull(conversation, "conversation");
    return Namespaces.HISTORY_PREFIX + conversation;
  }

  private static HistoryEntry parse(byte[] json) {
    try {
      return JSON.readValue(json, HistoryEntry.class);
    } catch (IOException | RuntimeException e) {
      // without the cause: Jackson's messages may quote the content
      throw new StoreException(StoreException.Reason.CORRUPT, "a stored message is unreadable");
    }
  }
}
