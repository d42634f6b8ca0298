// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.messaging;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.palisade.client.gateway.DeviceBundle;
import org.palisade.client.gateway.DeviceListMismatch;
import org.palisade.client.gateway.GatewayClient;
import org.palisade.client.gateway.GatewayException;
import org.palisade.client.gateway.MessageType;
import org.palisade.client.gateway.OutgoingEnvelope;
import org.palisade.client.gateway.StaleDevicesException;
import org.palisade.client.gateway.SubmitResult;
import org.palisade.client.store.AddressLocks;
import org.palisade.client.store.PersistentSignalStore;
import org.palisade.client.trust.UntrustedDeviceException;
import org.palisade.client.trust.VerifiedDevice;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.NoSessionException;
import org.signal.libsignal.protocol.SessionBuilder;
import org.signal.libsignal.protocol.SessionCipher;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.UntrustedIdentityException;
import org.signal.libsignal.protocol.ecc.ECPublicKey;
import org.signal.libsignal.protocol.groups.GroupCipher;
import org.signal.libsignal.protocol.kem.KEMPublicKey;
import org.signal.libsignal.protocol.message.CiphertextMessage;
import org.signal.libsignal.protocol.state.PreKeyBundle;

/**
 * Encrypts and submits: one envelope per live, certified device of every recipient and of this user's other
 * devices, in one request. Sessions are made from verified prekey bundles (PQXDH) where none exists; a 409
 * from the gateway drops sessions with devices that left or re-registered and tries again with the fresh
 * list, up to {@value #ATTEMPTS} times.
 */
final class Outbox {

  static final int ATTEMPTS = 3;

  private final GatewayClient gateway;
  private final PersistentSignalStore signal;
  private final AddressLocks locks;
  private final TrustedDevices trust;
  private final Self self;
  private final List<String> notices = new ArrayList<>();

  Outbox(GatewayClient gateway, PersistentSignalStore signal, AddressLocks locks, TrustedDevices trust, Self self) {
    this.gateway = gateway;
    this.signal = signal;
    this.locks = locks;
    this.trust = trust;
    this.self = self;
  }

  /** What the user should be told about the last sends (safety numbers that changed), once. */
  synchronized List<String> takeNotices() {
    List<String> taken = List.copyOf(new java.util.LinkedHashSet<>(notices));
    notices.clear();
    return taken;
  }

  /** Encrypts {@code content} pairwise to each recipient's devices and {@code syncCopy} to this user's others. */
  SubmitResult sendPairwise(List<String> recipients, MessageContent content, MessageContent syncCopy)
      throws SendRefusedException, GatewayException {
    byte[] plaintext = ContentCodec.encode(content);
    byte[] syncPlaintext = ContentCodec.encode(syncCopy);
    return submitWithRetries(() -> {
      List<OutgoingEnvelope> envelopes = new ArrayList<>();
      List<String> refused = new ArrayList<>();
      for (String recipient : distinctOthers(recipients)) {
        envelopes.addAll(encryptTo(recipient, plaintext, refused));
      }
      envelopes.addAll(encryptTo(self.username(), syncPlaintext, refused));
      refuseIfAny(refused);
      return envelopes;
    });
  }

  /**
   * One sender-key ciphertext for the whole group, addressed to every live device of every member and to this
   * user's other devices. The caller has handed this device's current chain to all of them.
   */
  SubmitResult sendToGroup(List<String> members, UUID distributionId, MessageContent content)
      throws SendRefusedException, GatewayException {
    byte[] plaintext = ContentCodec.encode(content);
    return submitWithRetries(() -> {
      byte[] ciphertext;
      try {
        ciphertext = locks.withLock(self.address(),
            () -> new GroupCipher(signal, self.address()).encrypt(distributionId, plaintext).serialize());
      } catch (NoSessionException e) {
        throw new SendRefusedException("this device has no sender key for the group yet", e);
      }
      List<OutgoingEnvelope> envelopes = new ArrayList<>();
      List<String> refused = new ArrayList<>();
      Set<String> users = new LinkedHashSet<>(members);
      users.add(self.username());
      for (String member : users) {
        for (TrustedDevices.Verified device : devicesOf(member, refused)) {
          envelopes.add(OutgoingEnvelope.of(member, device.device().deviceId(), device.device().registrationId(),
              MessageType.SENDER_KEY, ciphertext));
        }
      }
      refuseIfAny(refused);
      return envelopes;
    });
  }

  /** The devices a group chain must reach now: {@code username/deviceId} of every live certified device. */
  Set<String> groupDevices(List<String> members) throws SendRefusedException, GatewayException {
    Set<String> devices = new LinkedHashSet<>();
    List<String> refused = new ArrayList<>();
    Set<String> users = new LinkedHashSet<>(members);
    users.add(self.username());
    for (String member : users) {
      for (TrustedDevices.Verified device : devicesOf(member, refused)) {
        devices.add(member + "/" + device.device().deviceId());
      }
    }
    refuseIfAny(refused);
    return devices;
  }

  @FunctionalInterface
  private interface Attempt {
    List<OutgoingEnvelope> envelopes() throws SendRefusedException, GatewayException;
  }

  private SubmitResult submitWithRetries(Attempt attempt) throws SendRefusedException, GatewayException {
    for (int i = 1; ; i++) {
      List<OutgoingEnvelope> envelopes = attempt.envelopes();
      if (envelopes.isEmpty()) {
        throw new SendRefusedException("nobody to send to: the recipients have no live devices");
      }
      try {
        return gateway.submit(self.deviceId(), envelopes);
      } catch (StaleDevicesException e) {
        if (i == ATTEMPTS) {
          throw new SendRefusedException("the recipients' devices kept changing; nothing was sent", e);
        }
        forgetStaleSessions(e.mismatches());
      }
    }
  }

  private List<OutgoingEnvelope> encryptTo(String username, byte[] plaintext, List<String> refused)
      throws SendRefusedException, GatewayException {
    List<TrustedDevices.Verified> devices = devicesOf(username, refused);
    List<TrustedDevices.Verified> needSessions = new ArrayList<>();
    for (TrustedDevices.Verified device : devices) {
      SignalProtocolAddress address = address(device);
      IdentityKey known = signal.getIdentity(address);
      boolean keyChanged = known != null && !known.equals(device.proof().identityKey());
      if (keyChanged) {
        notices.add(username + "'s safety number changed (device " + device.device().deviceId()
            + "): compare it again with safety-number " + username);
      }
      if (!signal.containsSession(address) || keyChanged) {
        needSessions.add(device);
      }
    }
    if (!needSessions.isEmpty()) {
      startSessions(username, needSessions, refused);
    }
    if (!refused.isEmpty()) {
      return List.of(); // nothing is sent; the caller reports why
    }
    List<OutgoingEnvelope> envelopes = new ArrayList<>();
    for (TrustedDevices.Verified device : devices) {
      SignalProtocolAddress address = address(device);
      try {
        envelopes.add(locks.withLock(address, () -> {
          SessionCipher cipher = new SessionCipher(signal, address);
          CiphertextMessage message = cipher.encrypt(plaintext);
          MessageType type = message.getType() == CiphertextMessage.PREKEY_TYPE ? MessageType.PREKEY : MessageType.CIPHERTEXT;
          return OutgoingEnvelope.of(username, device.device().deviceId(), cipher.getRemoteRegistrationId(), type,
              message.serialize());
        }));
      } catch (UntrustedIdentityException e) {
        throw safetyNumberChanged(username, e);
      } catch (NoSessionException e) {
        throw new SendRefusedException("no session with a device of " + username, e);
      } catch (Exception e) {
        throw new IllegalStateException("encryption failed unexpectedly", e);
      }
    }
    return envelopes;
  }

  private List<TrustedDevices.Verified> devicesOf(String username, List<String> refused) throws GatewayException {
    List<TrustedDevices.Verified> devices = trust.liveDevices(username, refused);
    if (username.equals(self.username())) {
      devices.removeIf(device -> device.device().deviceId() == self.deviceId());
    }
    return devices;
  }

  /** Fetches bundles (claiming one-time prekeys) and starts sessions with the devices that need one. */
  private void startSessions(String username, List<TrustedDevices.Verified> devices, List<String> refused)
      throws SendRefusedException, GatewayException {
    List<DeviceBundle> bundles = gateway.bundles(username);
    for (TrustedDevices.Verified device : devices) {
      DeviceBundle bundle = bundles.stream().filter(b -> b.deviceId() == device.device().deviceId()).findFirst()
          .orElse(null);
      if (bundle == null) {
        continue; // revoked meanwhile: the gateway's 409 will say so
      }
      VerifiedDevice proof;
      try {
        proof = trust.verify(username, bundle);
      } catch (UntrustedDeviceException e) {
        refused.add(username + " device " + bundle.deviceId() + ": " + e.getMessage());
        continue;
      }
      SignalProtocolAddress address = Addresses.of(proof.userId(), bundle.deviceId());
      try {
        PreKeyBundle preKeyBundle = preKeyBundle(bundle, proof.identityKey());
        locks.withLock(address, () -> {
          signal.deleteSession(address);
          new SessionBuilder(signal, address).process(preKeyBundle);
          return null;
        });
      } catch (UntrustedIdentityException e) {
        throw safetyNumberChanged(username, e);
      } catch (InvalidKeyException e) {
        refused.add(username + " device " + bundle.deviceId() + ": its prekey bundle is not valid");
      } catch (Exception e) {
        throw new IllegalStateException("starting a session failed unexpectedly", e);
      }
    }
  }

  private static SendRefusedException safetyNumberChanged(String username, Exception cause) {
    return new SafetyNumberChangedException(username, cause);
  }

  private static PreKeyBundle preKeyBundle(DeviceBundle bundle, IdentityKey identityKey) throws InvalidKeyException {
    Base64.Decoder base64 = Base64.getDecoder();
    int preKeyId = bundle.preKey() == null ? PreKeyBundle.NULL_PRE_KEY_ID : bundle.preKey().keyId();
    ECPublicKey preKey = bundle.preKey() == null ? null : new ECPublicKey(base64.decode(bundle.preKey().publicKey()));
    return new PreKeyBundle(bundle.registrationId(), bundle.deviceId(), preKeyId, preKey,
        bundle.signedPreKey().keyId(), new ECPublicKey(base64.decode(bundle.signedPreKey().publicKey())),
        base64.decode(bundle.signedPreKey().signature()), identityKey,
        bundle.pqPreKey().keyId(), new KEMPublicKey(base64.decode(bundle.pqPreKey().publicKey())),
        base64.decode(bundle.pqPreKey().signature()));
  }

  private void forgetStaleSessions(List<DeviceListMismatch> mismatches) throws GatewayException {
    for (DeviceListMismatch mismatch : mismatches) {
      UUID userId = userIdOf(mismatch.recipient());
      if (userId == null) {
        continue;
      }
      List<Integer> gone = new ArrayList<>(mismatch.extraDevices());
      gone.addAll(mismatch.staleDevices());
      for (int deviceId : gone) {
        signal.deleteSession(Addresses.of(userId, deviceId));
      }
    }
  }

  private UUID userIdOf(String username) throws GatewayException {
    List<String> ignored = new ArrayList<>();
    for (TrustedDevices.Verified device : trust.liveDevices(username, ignored)) {
      return device.proof().userId();
    }
    return username.equals(self.username()) ? self.userId() : null;
  }

  private static SignalProtocolAddress address(TrustedDevices.Verified device) {
    return Addresses.of(device.proof().userId(), device.device().deviceId());
  }

  private List<String> distinctOthers(List<String> recipients) {
    Set<String> others = new LinkedHashSet<>(recipients);
    others.remove(self.username());
    return List.copyOf(others);
  }

  private static void refuseIfAny(List<String> refused) throws SendRefusedException {
    if (!refused.isEmpty()) {
      throw new SendRefusedException("not sent: a device is not certified by the organisation ("
          + String.join("; ", refused) + ")");
    }
  }
}
