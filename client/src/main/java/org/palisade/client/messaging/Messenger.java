// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.messaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.palisade.client.gateway.DeliveredEnvelope;
import org.palisade.client.gateway.GatewayClient;
import org.palisade.client.gateway.GatewayException;
import org.palisade.client.gateway.SubmitResult;
import org.palisade.client.safety.Participant;
import org.palisade.client.safety.SafetyNumber;
import org.palisade.client.store.AddressLocks;
import org.palisade.client.store.ClientStore;
import org.palisade.client.store.HistoryEntry;
import org.palisade.client.store.HistoryStore;
import org.palisade.client.store.IdentityState;
import org.palisade.client.store.PersistentSignalStore;
import org.palisade.client.trust.DeviceCertificateVerifier;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.groups.GroupSessionBuilder;

/**
 * What a staff member does with the SDK: send text and files to a colleague or a group, receive, see the
 * history, compare safety numbers and mark contacts verified. Every message is encrypted on this device with
 * libsignal, to certified devices only; the user's own other devices get copies of what is sent.
 */
public final class Messenger {

  /** The most a file may be; the gateway's attachment limit is larger. */
  public static final long MAX_FILE_BYTES = 25L * 1024 * 1024;

  private final GatewayClient gateway;
  private final PersistentSignalStore signal;
  private final HistoryStore history;
  private final GroupDirectory groups;
  private final TrustedDevices trust;
  private final Outbox outbox;
  private final Inbox inbox;
  private final AttachmentCipher files;
  private final Self self;

  public Messenger(ClientStore store, GatewayClient gateway, DeviceCertificateVerifier verifier, Self self, Clock clock,
      SecureRandom random) {
    this.gateway = gateway;
    this.signal = new PersistentSignalStore(store);
    this.history = new HistoryStore(store);
    this.groups = new GroupDirectory(store);
    this.trust = new TrustedDevices(gateway, verifier, clock);
    AddressLocks locks = new AddressLocks();
    this.outbox = new Outbox(gateway, signal, locks, trust, self);
    this.inbox = new Inbox(store, signal, locks, trust, history, groups, self);
    this.files = new AttachmentCipher(random);
    this.self = self;
  }

  public Self self() {
    return self;
  }

  // --- one to one -------------------------------------------------------------------------------------------

  public SubmitResult sendText(String to, String text) throws SendRefusedException, GatewayException {
    return sendPairwise(to, MessageContent.text(text));
  }

  /** Encrypts the file with a fresh key, uploads the ciphertext, and sends the key and digest to {@code to}. */
  public SubmitResult sendFile(String to, Path file) throws SendRefusedException, GatewayException, IOException {
    return sendPairwise(to, MessageContent.file(upload(file)));
  }

  private SubmitResult sendPairwise(String to, MessageContent content) throws SendRefusedException, GatewayException {
    SubmitResult result = outbox.sendPairwise(List.of(to), content, content.asSyncCopy(to));
    recordSent(to, result, content);
    return result;
  }

  /** Notices from the sends since the last call, e.g. a recipient's safety number that changed. */
  public List<String> takeNotices() {
    return outbox.takeNotices();
  }

  // --- receiving --------------------------------------------------------------------------------------------

  /**
   * Opens one delivered envelope and records it. Acknowledge it afterwards whatever the status (a rejected one
   * would otherwise come back); do not acknowledge when this throws.
   *
   * @throws GatewayException when the sender's certificate could not be checked now
   */
  public Received process(DeliveredEnvelope envelope) throws GatewayException {
    return inbox.process(envelope);
  }

  /** Downloads a received file and checks it against its message's digest and key. */
  public byte[] download(MessageContent.FileReference file) throws GatewayException {
    return files.decrypt(gateway.downloadAttachment(file.id()), Base64.getDecoder().decode(file.key()),
        Base64.getDecoder().decode(file.digest()));
  }

  public List<HistoryEntry> history(String conversation) {
    return history.conversation(conversation);
  }

  // --- groups -----------------------------------------------------------------------------------------------

  /** Creates a group of this user and {@code members}, and hands them this device's sender key. */
  public String createGroup(String name, List<String> members) throws SendRefusedException, GatewayException {
    Set<String> all = new LinkedHashSet<>();
    all.add(self.username());
    all.addAll(members);
    GroupRecord group = new GroupRecord(UUID.randomUUID().toString(), name, List.copyOf(all), UUID.randomUUID(),
        Set.of());
    groups.save(group);
    distribute(group, List.of());
    return group.id();
  }

  public void addMember(String groupId, String username) throws SendRefusedException, GatewayException {
    GroupRecord group = group(groupId);
    if (group.members().contains(username)) {
      return;
    }
    List<String> members = new ArrayList<>(group.members());
    members.add(username);
    GroupRecord updated = group.withMembers(members).distributed(Set.of());
    groups.save(updated);
    distribute(updated, List.of());
  }

  /**
   * Removes a member: tells them, then starts a new sender-key chain that only the remaining members' devices
   * receive, so the one removed cannot read what follows. The others rotate their own chains on the news.
   */
  public void removeMember(String groupId, String username) throws SendRefusedException, GatewayException {
    GroupRecord group = group(groupId);
    List<String> members = new ArrayList<>(group.members());
    if (!members.remove(username)) {
      return;
    }
    GroupRecord updated = group.withMembers(members).rotated();
    groups.save(updated);
    distribute(updated, List.of(username));
  }

  public SubmitResult sendGroupText(String groupId, String text) throws SendRefusedException, GatewayException {
    GroupRecord group = group(groupId);
    MessageContent content = new MessageContent(MessageContent.VERSION, "group-text", group.id(), text, null, null,
        null, null);
    return sendToGroup(group, content);
  }

  public SubmitResult sendGroupFile(String groupId, Path file) throws SendRefusedException, GatewayException, IOException {
    GroupRecord group = group(groupId);
    MessageContent content = new MessageContent(MessageContent.VERSION, "group-file", group.id(), null, upload(file),
        null, null, null);
    return sendToGroup(group, content);
  }

  public List<MessageContent.GroupState> groups() {
    return groups.all().stream().map(GroupRecord::state).toList();
  }

  /** A group by id or, if unambiguous, by name. */
  public Optional<MessageContent.GroupState> findGroup(String idOrName) {
    Optional<GroupRecord> byId = groups.find(idOrName);
    if (byId.isPresent()) {
      return byId.map(GroupRecord::state);
    }
    List<GroupRecord> named = groups.all().stream().filter(g -> g.name().equals(idOrName)).toList();
    return named.size() == 1 ? Optional.of(named.get(0).state()) : Optional.empty();
  }

  private SubmitResult sendToGroup(GroupRecord group, MessageContent content)
      throws SendRefusedException, GatewayException {
    if (!group.members().contains(self.username())) {
      throw new SendRefusedException("you are no longer a member of this group");
    }
    GroupRecord current = ensureDistributed(group);
    SubmitResult result = outbox.sendToGroup(others(current), current.distributionId(), content);
    recordSent(current.id(), result, content);
    return result;
  }

  /** Hands this device's current chain to every member device that lacks it (new members, new devices). */
  private GroupRecord ensureDistributed(GroupRecord group) throws SendRefusedException, GatewayException {
    Set<String> devices = outbox.groupDevices(others(group));
    if (group.distributedTo().containsAll(devices)) {
      return group;
    }
    return distribute(group, devices, List.of());
  }

  /** Sends the group state and this device's sender key pairwise to the members (and {@code alsoTell}). */
  private GroupRecord distribute(GroupRecord group, List<String> alsoTell) throws SendRefusedException, GatewayException {
    return distribute(group, outbox.groupDevices(others(group)), alsoTell);
  }

  /** As above, for the member devices the caller has just listed. */
  private GroupRecord distribute(GroupRecord group, Set<String> devices, List<String> alsoTell)
      throws SendRefusedException, GatewayException {
    String senderKey = Base64.getEncoder().encodeToString(
        new GroupSessionBuilder(signal).create(self.address(), group.distributionId()).serialize());
    MessageContent update = new MessageContent(MessageContent.VERSION, "group-update", group.id(), null, null,
        group.state(), senderKey, null);
    outbox.sendPairwise(others(group), update, update.asSyncCopy(group.id()));
    if (!alsoTell.isEmpty()) {
      // those removed learn that they are, without the new chain
      MessageContent notice = new MessageContent(MessageContent.VERSION, "group-update", group.id(), null, null,
          group.state(), null, null);
      outbox.sendPairwise(alsoTell, notice, notice.asSyncCopy(group.id()));
    }
    GroupRecord distributed = group.distributed(devices);
    groups.save(distributed);
    return distributed;
  }

  private List<String> others(GroupRecord group) {
    return group.members().stream().filter(member -> !member.equals(self.username())).toList();
  }

  private GroupRecord group(String idOrName) throws SendRefusedException {
    Optional<MessageContent.GroupState> state = findGroup(idOrName);
    if (state.isEmpty()) {
      throw new SendRefusedException("no such group on this device: " + idOrName);
    }
    return groups.find(state.get().id()).orElseThrow();
  }

  // --- trust ------------------------------------------------------------------------------------------------

  /** The contact's certified devices with the safety number between each and this device. */
  public List<PeerDevice> peerDevices(String username) throws GatewayException {
    List<String> refused = new ArrayList<>();
    List<PeerDevice> devices = new ArrayList<>();
    IdentityKey mine = signal.getIdentityKeyPair().getPublicKey();
    for (TrustedDevices.Verified device : trust.liveDevices(username, refused)) {
      if (username.equals(self.username()) && device.device().deviceId() == self.deviceId()) {
        continue;
      }
      SignalProtocolAddress address = Addresses.of(device.proof().userId(), device.device().deviceId());
      Optional<IdentityState> state = signal.identityState(address);
      boolean changed = state.isPresent() && !state.get().key().equals(device.proof().identityKey());
      devices.add(new PeerDevice(username, device.device().deviceId(),
          SafetyNumber.between(new Participant(self.userId(), mine), device.proof().participant()),
          state.map(IdentityState::status).orElse(null), changed));
    }
    return devices;
  }

  /**
   * Marks the contact's current device keys verified (after the user compared safety numbers), accepting a
   * key that changed. Sending to a verified contact stops again if a key changes later.
   *
   * @return the devices marked
   */
  public List<PeerDevice> markVerified(String username) throws GatewayException {
    List<String> refused = new ArrayList<>();
    for (TrustedDevices.Verified device : trust.liveDevices(username, refused)) {
      SignalProtocolAddress address = Addresses.of(device.proof().userId(), device.device().deviceId());
      IdentityKey key = device.proof().identityKey();
      Optional<IdentityState> state = signal.identityState(address);
      if (state.isPresent() && !state.get().key().equals(key)) {
        signal.acceptNewIdentity(address, key);
      }
      signal.markVerified(address, key);
    }
    return peerDevices(username);
  }

  // --- helpers ----------------------------------------------------------------------------------------------

  private MessageContent.FileReference upload(Path file) throws IOException, GatewayException, SendRefusedException {
    long size = Files.size(file);
    if (size > MAX_FILE_BYTES) {
      throw new SendRefusedException("the file is larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MiB");
    }
    AttachmentCipher.Sealed sealed = files.encrypt(Files.readAllBytes(file));
    String id = gateway.uploadAttachment(sealed.ciphertext());
    Base64.Encoder base64 = Base64.getEncoder();
    return new MessageContent.FileReference(id, file.getFileName().toString(), size,
        base64.encodeToString(sealed.key()), base64.encodeToString(sealed.digest()));
  }

  private void recordSent(String conversation, SubmitResult result, MessageContent content) {
    if (result.envelopes().isEmpty()) {
      return;
    }
    history.append(new HistoryEntry(conversation, result.envelopes().get(0).id(), result.serverTime(),
        HistoryEntry.OUT, self.username(), content.text() == null ? "" : content.text(), Inbox.fileJson(content.file())));
  }
}
