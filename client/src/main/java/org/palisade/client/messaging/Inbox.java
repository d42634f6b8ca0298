// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.palisade.client.gateway.DeliveredEnvelope;
import org.palisade.client.gateway.GatewayException;
import org.palisade.client.gateway.MessageType;
import org.palisade.client.store.AddressLocks;
import org.palisade.client.store.ClientStore;
import org.palisade.client.store.HistoryEntry;
import org.palisade.client.store.HistoryStore;
import org.palisade.client.store.PersistentSignalStore;
import org.palisade.client.trust.UntrustedDeviceException;
import org.signal.libsignal.protocol.DuplicateMessageException;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.SessionCipher;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.groups.GroupCipher;
import org.signal.libsignal.protocol.groups.GroupSessionBuilder;
import org.signal.libsignal.protocol.message.PreKeySignalMessage;
import org.signal.libsignal.protocol.message.SenderKeyDistributionMessage;
import org.signal.libsignal.protocol.message.SignalMessage;

/**
 * Opens delivered envelopes. The sender's device must be certified for the identity key the message (or its
 * session) carries; anything that does not decrypt, verify or parse is rejected with the reason and leaves the
 * sessions as they were (libsignal changes a session only on success). Each envelope id is processed once:
 * repeats are reported as duplicates.
 */
final class Inbox {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ClientStore store;
  private final PersistentSignalStore signal;
  private final AddressLocks locks;
  private final TrustedDevices trust;
  private final HistoryStore history;
  private final GroupDirectory groups;
  private final Self self;

  Inbox(ClientStore store, PersistentSignalStore signal, AddressLocks locks, TrustedDevices trust,
      HistoryStore history, GroupDirectory groups, Self self) {
    this.store = store;
    this.signal = signal;
    this.locks = locks;
    this.trust = trust;
    this.history = history;
    this.groups = groups;
    this.self = self;
  }

  /**
   * Processes one envelope.
   *
   * @throws GatewayException when the sender's certificate could not be fetched: try again later (do not ack)
   */
  Received process(DeliveredEnvelope envelope) throws GatewayException {
    if (history.isSeen(envelope.id())) {
      return Received.duplicate(envelope.id(), envelope.serverTime(), envelope.sender(), envelope.senderDevice());
    }
    UUID senderId;
    try {
      senderId = UUID.fromString(envelope.senderUserId());
    } catch (IllegalArgumentException | NullPointerException e) {
      return reject(envelope, "the envelope names no valid sender");
    }
    SignalProtocolAddress sender = Addresses.of(senderId, envelope.senderDevice());
    // the ratchet step, the history entry and the seen mark commit together, under the sender's lock
    return locks.withLock(sender, () -> store.inTransaction(() -> open(envelope, sender)));
  }

  private Received open(DeliveredEnvelope envelope, SignalProtocolAddress sender) throws GatewayException {
    IdentityKey before = signal.getIdentity(sender);
    Received received = openUnchecked(envelope, sender);
    IdentityKey after = signal.getIdentity(sender);
    if (before != null && after != null && !before.equals(after) && !"rejected".equals(received.status())) {
      return received.withNotice(envelope.sender() + "'s safety number changed (device " + envelope.senderDevice()
          + "): compare it again with safety-number " + envelope.sender());
    }
    return received;
  }

  private Received openUnchecked(DeliveredEnvelope envelope, SignalProtocolAddress sender) throws GatewayException {
    MessageContent content;
    try {
      content = ContentCodec.decode(decrypt(envelope, sender));
    } catch (DuplicateMessageException e) {
      history.markSeen(envelope.id());
      return Received.duplicate(envelope.id(), envelope.serverTime(), envelope.sender(), envelope.senderDevice());
    } catch (UntrustedDeviceException e) {
      return reject(envelope, "the sending device is not trusted: " + e.getMessage());
    } catch (UnreadableMessageException e) {
      return reject(envelope, e.getMessage());
    } catch (GatewayException e) {
      throw e;
    } catch (Exception e) {
      return reject(envelope, "the message does not decrypt (tampered, truncated, replayed or not for this device)");
    }
    Received received = apply(envelope, sender, content);
    history.markSeen(envelope.id());
    return received;
  }

  private byte[] decrypt(DeliveredEnvelope envelope, SignalProtocolAddress sender) throws Exception {
    MessageType type = envelope.knownMessageType()
        .orElseThrow(() -> new UnreadableMessageException("the envelope has an unknown message type"));
    byte[] ciphertext = envelope.ciphertext();
    switch (type) {
        case PREKEY: {
          PreKeySignalMessage message = new PreKeySignalMessage(ciphertext);
          trust.sender(envelope.sender(), envelope.senderDevice(), message.getIdentityKey().serialize());
          return new SessionCipher(signal, sender).decrypt(message);
        }
        case CIPHERTEXT: {
          SignalMessage message = new SignalMessage(ciphertext);
          trust.sender(envelope.sender(), envelope.senderDevice(), knownIdentity(sender).serialize());
          return new SessionCipher(signal, sender).decrypt(message);
        }
        case SENDER_KEY:
          trust.sender(envelope.sender(), envelope.senderDevice(), knownIdentity(sender).serialize());
          return new GroupCipher(signal, sender).decrypt(ciphertext);
        default:
          throw new UnreadableMessageException("plaintext envelopes (decryption-error reports) are not used");
    }
  }

  private IdentityKey knownIdentity(SignalProtocolAddress sender) {
    IdentityKey key = signal.getIdentity(sender);
    if (key == null) {
      throw new UnreadableMessageException("no session with the sending device");
    }
    return key;
  }

  private Received apply(DeliveredEnvelope envelope, SignalProtocolAddress sender, MessageContent content) {
    boolean fromMe = sender.getName().equals(self.userId().toString());
    switch (content.kind()) {
      case "text":
      case "file": {
        String conversation = fromMe && content.isSyncCopy() ? content.conversation() : envelope.sender();
        if (conversation == null) {
          return reject(envelope, "a copy of a sent message names no conversation");
        }
        return record(envelope, conversation, fromMe ? "sent-elsewhere" : "message", content);
      }
      case "group-text":
      case "group-file": {
        Optional<GroupRecord> group = groups.find(String.valueOf(content.conversation()));
        if (group.isEmpty() || !group.get().members().contains(envelope.sender())) {
          return reject(envelope, "a group message from someone who is not a member (or an unknown group)");
        }
        return record(envelope, group.get().id(), fromMe ? "sent-elsewhere" : "message", content);
      }
      case "group-update":
        return applyGroupUpdate(envelope, sender, content);
      default:
        return reject(envelope, "a message of an unknown kind");
    }
  }

  private Received applyGroupUpdate(DeliveredEnvelope envelope, SignalProtocolAddress sender, MessageContent content) {
    MessageContent.GroupState state = content.group();
    if (state == null || state.id() == null || state.members() == null) {
      return reject(envelope, "a group change without a group");
    }
    Optional<GroupRecord> known = groups.find(state.id());
    if (known.isPresent() && !known.get().members().contains(envelope.sender())) {
      return reject(envelope, "a group change from someone who is not a member");
    }
    if (content.senderKey() != null) {
      try {
        new GroupSessionBuilder(signal).process(sender,
            new SenderKeyDistributionMessage(Base64.getDecoder().decode(content.senderKey())));
      } catch (Exception e) {
        return reject(envelope, "a group change with an unreadable sender key");
      }
    }
    List<String> members = List.copyOf(new LinkedHashSet<>(state.members()));
    GroupRecord updated;
    if (known.isEmpty()) {
      updated = new GroupRecord(state.id(), state.name(), members, UUID.randomUUID(), Set.of());
    } else {
      Set<String> removed = new LinkedHashSet<>(known.get().members());
      removed.removeAll(members);
      updated = known.get().withMembers(members);
      if (!removed.isEmpty()) {
        updated = updated.rotated(); // they knew this device's chain: the next group message uses a new one
      }
    }
    if (members.contains(self.username()) || known.isPresent()) {
      groups.save(updated);
    }
    String note = members.contains(self.username()) ? null : "you are no longer a member";
    history.append(new HistoryEntry(state.id(), envelope.id(), envelope.serverTime(), HistoryEntry.IN,
        envelope.sender(), "group " + state.name() + ": members " + String.join(", ", members)
            + (note == null ? "" : " (" + note + ")"), null));
    return new Received(envelope.id(), envelope.serverTime(), "group-update", state.id(), envelope.sender(),
        envelope.senderDevice(), content.kind(), null, null, state, null, null);
  }

  private Received record(DeliveredEnvelope envelope, String conversation, String status, MessageContent content) {
    String direction = "sent-elsewhere".equals(status) ? HistoryEntry.OUT : HistoryEntry.IN;
    history.append(new HistoryEntry(conversation, envelope.id(), envelope.serverTime(), direction, envelope.sender(),
        content.text() == null ? "" : content.text(), fileJson(content.file())));
    return new Received(envelope.id(), envelope.serverTime(), status, conversation, envelope.sender(),
        envelope.senderDevice(), content.kind(), content.text(), content.file(), null, null, null);
  }

  private Received reject(DeliveredEnvelope envelope, String problem) {
    history.markSeen(envelope.id());
    return Received.rejected(envelope.id(), envelope.serverTime(), envelope.sender(), envelope.senderDevice(), problem);
  }

  static String fileJson(MessageContent.FileReference file) {
    if (file == null) {
      return null;
    }
    try {
      return JSON.writeValueAsString(file);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
