// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.device;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.palisade.client.gateway.DeviceRegistration;
import org.palisade.client.gateway.GatewayClient;
import org.palisade.client.gateway.GatewayException;
import org.palisade.client.gateway.PreKey;
import org.palisade.client.gateway.PreKeyCounts;
import org.palisade.client.gateway.PreKeyUpload;
import org.palisade.client.gateway.RegisteredDevice;
import org.palisade.client.gateway.SignedPreKey;
import org.palisade.client.store.ClientStore;
import org.palisade.client.store.PersistentSignalStore;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyType;
import org.signal.libsignal.protocol.state.KyberPreKeyRecord;
import org.signal.libsignal.protocol.state.PreKeyRecord;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;
import org.signal.libsignal.protocol.util.KeyHelper;

/**
 * A device's keys: made here, private halves kept in the local store, public halves registered with the
 * gateway (which checks every signature and has the organisation certify the identity key). One-time prekeys
 * are kept at {@value #BATCH} of each kind: below {@value #REFILL_BELOW} a refill uploads more; the signed
 * prekey and the Kyber last-resort key are replaced by {@link #rotateSignedPreKeys}.
 *
 * <p>Key ids: one-time keys count up from 1 (kept in the store, so ids are never reused); signed EC and Kyber
 * last-resort keys use ids from {@value #SIGNED_ID_BASE} up.
 */
public final class DeviceProvisioning {

  static final int BATCH = 100;
  static final int REFILL_BELOW = 20;
  static final int SIGNED_ID_BASE = 1_000_000;
  private static final String NAMESPACE = "device";
  private static final String NEXT_ID = "next-one-time-id";
  private static final String NEXT_SIGNED_ID = "next-signed-id";
  private static final String SIGNED_ROTATED = "signed-prekeys-rotated";
  /** How long a signed prekey and a Kyber last-resort key serve before they are replaced. */
  public static final java.time.Duration ROTATE_AFTER = java.time.Duration.ofDays(7);

  private final ClientStore store;
  private final PersistentSignalStore signal;
  private final Clock clock;

  public DeviceProvisioning(ClientStore store, PersistentSignalStore signal, Clock clock) {
    this.store = store;
    this.signal = signal;
    this.clock = clock;
  }

  /** Makes the identity and prekeys, stores them, and registers the device; returns its certificate. */
  public RegisteredDevice register(GatewayClient gateway, int deviceId) throws GatewayException {
    if (!signal.identities().isInitialised()) {
      signal.initialise(IdentityKeyPair.generate(), KeyHelper.generateRegistrationId(false));
    }
    IdentityKeyPair identity = signal.getIdentityKeyPair();
    SignedPreKey signedPreKey = newSignedPreKey(identity);
    SignedPreKey lastResort = newLastResortKey(identity);
    DeviceRegistration registration = new DeviceRegistration(b64(identity.getPublicKey().serialize()),
        signal.getLocalRegistrationId(), signedPreKey, lastResort, newPreKeys(BATCH), newKyberPreKeys(identity, BATCH));
    RegisteredDevice registered = gateway.registerDevice(deviceId, registration);
    markRotated();
    return registered;
  }

  /** Replaces the signed prekeys when they are older than {@link #ROTATE_AFTER}; true if it did. */
  public boolean rotateIfDue(GatewayClient gateway, int deviceId) throws GatewayException {
    byte[] stored = store.get(NAMESPACE, SIGNED_ROTATED);
    java.time.Instant last = stored == null ? java.time.Instant.EPOCH
        : java.time.Instant.ofEpochMilli(Long.parseLong(new String(stored, java.nio.charset.StandardCharsets.US_ASCII)));
    if (clock.instant().isBefore(last.plus(ROTATE_AFTER))) {
      return false;
    }
    rotateSignedPreKeys(gateway, deviceId);
    return true;
  }

  private void markRotated() {
    store.put(NAMESPACE, SIGNED_ROTATED,
        Long.toString(clock.millis()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  /** Uploads one-time prekeys when the gateway holds fewer than {@value #REFILL_BELOW} of a kind. */
  public PreKeyCounts topUp(GatewayClient gateway, int deviceId) throws GatewayException {
    PreKeyCounts counts = gateway.preKeyCounts(deviceId);
    if (counts.preKeys() >= REFILL_BELOW && counts.pqPreKeys() >= REFILL_BELOW) {
      return counts;
    }
    IdentityKeyPair identity = signal.getIdentityKeyPair();
    List<PreKey> preKeys = counts.preKeys() < REFILL_BELOW ? newPreKeys(BATCH - counts.preKeys()) : List.of();
    List<SignedPreKey> pqPreKeys = counts.pqPreKeys() < REFILL_BELOW
        ? newKyberPreKeys(identity, BATCH - counts.pqPreKeys()) : List.of();
    return gateway.uploadPreKeys(deviceId, PreKeyUpload.refill(preKeys, pqPreKeys));
  }

  /** Replaces the signed EC prekey and the Kyber last-resort key (the old ones stay for late messages). */
  public PreKeyCounts rotateSignedPreKeys(GatewayClient gateway, int deviceId) throws GatewayException {
    IdentityKeyPair identity = signal.getIdentityKeyPair();
    PreKeyCounts counts = gateway.uploadPreKeys(deviceId,
        new PreKeyUpload(newSignedPreKey(identity), newLastResortKey(identity), List.of(), List.of()));
    markRotated();
    return counts;
  }

  private List<PreKey> newPreKeys(int count) {
    // one transaction: the store syncs every commit to disk
    return store.inTransaction(() -> newPreKeysInTransaction(count));
  }

  private List<PreKey> newPreKeysInTransaction(int count) {
    List<PreKey> keys = new ArrayList<>();
    int first = nextIds(NEXT_ID, 1, count);
    for (int id = first; id < first + count; id++) {
      ECKeyPair pair = ECKeyPair.generate();
      signal.storePreKey(id, new PreKeyRecord(id, pair));
      keys.add(new PreKey(id, b64(pair.getPublicKey().serialize())));
    }
    return keys;
  }

  private List<SignedPreKey> newKyberPreKeys(IdentityKeyPair identity, int count) {
    return store.inTransaction(() -> newKyberPreKeysInTransaction(identity, count));
  }

  private List<SignedPreKey> newKyberPreKeysInTransaction(IdentityKeyPair identity, int count) {
    List<SignedPreKey> keys = new ArrayList<>();
    int first = nextIds(NEXT_ID, 1, count);
    for (int id = first; id < first + count; id++) {
      KEMKeyPair pair = KEMKeyPair.generate(KEMKeyType.KYBER_1024);
      byte[] signature = identity.getPrivateKey().calculateSignature(pair.getPublicKey().serialize());
      signal.storeKyberPreKey(id, new KyberPreKeyRecord(id, clock.millis(), pair, signature));
      keys.add(new SignedPreKey(id, b64(pair.getPublicKey().serialize()), b64(signature)));
    }
    return keys;
  }

  private SignedPreKey newSignedPreKey(IdentityKeyPair identity) {
    int id = nextIds(NEXT_SIGNED_ID, SIGNED_ID_BASE, 1);
    ECKeyPair pair = ECKeyPair.generate();
    byte[] signature = identity.getPrivateKey().calculateSignature(pair.getPublicKey().serialize());
    signal.storeSignedPreKey(id, new SignedPreKeyRecord(id, clock.millis(), pair, signature));
    return new SignedPreKey(id, b64(pair.getPublicKey().serialize()), b64(signature));
  }

  private SignedPreKey newLastResortKey(IdentityKeyPair identity) {
    int id = nextIds(NEXT_SIGNED_ID, SIGNED_ID_BASE, 1);
    KEMKeyPair pair = KEMKeyPair.generate(KEMKeyType.KYBER_1024);
    byte[] signature = identity.getPrivateKey().calculateSignature(pair.getPublicKey().serialize());
    signal.preKeys().storeLastResortKyberPreKey(id, new KyberPreKeyRecord(id, clock.millis(), pair, signature));
    return new SignedPreKey(id, b64(pair.getPublicKey().serialize()), b64(signature));
  }

  /** Reserves {@code count} ids and returns the first; the counter is stored before any key uses them. */
  private int nextIds(String counter, int start, int count) {
    return store.inTransaction(() -> {
      byte[] stored = store.get(NAMESPACE, counter);
      int next = stored == null ? start : Integer.parseInt(new String(stored, java.nio.charset.StandardCharsets.US_ASCII));
      store.put(NAMESPACE, counter, Integer.toString(next + count).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return next;
    });
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
