// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.signal.libsignal.protocol.InvalidKeyIdException;
import org.signal.libsignal.protocol.ReusedBaseKeyException;
import org.signal.libsignal.protocol.ecc.ECPublicKey;
import org.signal.libsignal.protocol.state.KyberPreKeyRecord;
import org.signal.libsignal.protocol.state.KyberPreKeyStore;
import org.signal.libsignal.protocol.state.PreKeyRecord;
import org.signal.libsignal.protocol.state.PreKeyStore;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;
import org.signal.libsignal.protocol.state.SignedPreKeyStore;

/**
 * The device's one-time, signed and Kyber prekeys in the {@link ClientStore}.
 *
 * <p>Kyber prekeys are one-time ({@link #storeKyberPreKey}) or last-resort ({@link
 * #storeLastResortKyberPreKey}). As libsignal documents for {@link #markKyberPreKeyUsed}: a one-time
 * key is removed when used; a last-resort key stays, and each (Kyber id, signed prekey id, base key)
 * it is used with is remembered, so a replayed session set-up fails with {@link
 * ReusedBaseKeyException}. The remembered uses go when their Kyber or signed prekey is removed.
 */
public final class PersistentPreKeyStore
    implements PreKeyStore, SignedPreKeyStore, KyberPreKeyStore {

  private static final byte ONE_TIME = 0;
  private static final byte LAST_RESORT = 1;

  private final ClientStore store;

  public PersistentPreKeyStore(ClientStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  // --- one-time prekeys ---

  @Override
  public PreKeyRecord loadPreKey(int preKeyId) throws InvalidKeyIdException {
    byte[] value = store.get(Namespaces.PRE_KEY, name(preKeyId));
    if (value == null) {
      throw new InvalidKeyIdException("no such prekey");
    }
    return LibsignalRecords.parse(value, PreKeyRecord::new);
  }

  @Override
  public void storePreKey(int preKeyId, PreKeyRecord record) {
    store.put(Namespaces.PRE_KEY, name(preKeyId), record.serialize());
  }

  @Override
  public boolean containsPreKey(int preKeyId) {
    return store.contains(Namespaces.PRE_KEY, name(preKeyId));
  }

  @Override
  public void removePreKey(int preKeyId) {
    store.delete(Namespaces.PRE_KEY, name(preKeyId));
  }

  // --- signed prekeys ---

  @Override
  public SignedPreKeyRecord loadSignedPreKey(int signedPreKeyId) throws InvalidKeyIdException {
    byte[] value = store.get(Namespaces.SIGNED_PRE_KEY, name(signedPreKeyId));
    if (value == null) {
      throw new InvalidKeyIdException("no such signed prekey");
    }
    return LibsignalRecords.parse(value, SignedPreKeyRecord::new);
  }

  @Override
  public List<SignedPreKeyRecord> loadSignedPreKeys() {
    List<SignedPreKeyRecord> records = new ArrayList<>();
    for (byte[] value : store.values(Namespaces.SIGNED_PRE_KEY)) {
      records.add(LibsignalRecords.parse(value, SignedPreKeyRecord::new));
    }
    return records;
  }

  @Override
  public void storeSignedPreKey(int signedPreKeyId, SignedPreKeyRecord record) {
    store.put(Namespaces.SIGNED_PRE_KEY, name(signedPreKeyId), record.serialize());
  }

  @Override
  public boolean containsSignedPreKey(int signedPreKeyId) {
    return store.contains(Namespaces.SIGNED_PRE_KEY, name(signedPreKeyId));
  }

  /** Removes the signed prekey and the last-resort Kyber uses recorded with it. */
  @Override
  public void removeSignedPreKey(int signedPreKeyId) {
    store.inTransaction(
        () -> {
          store.delete(Namespaces.SIGNED_PRE_KEY, name(signedPreKeyId));
          forgetKyberUses(use -> use.signedPreKeyId() == signedPreKeyId);
          return null;
        });
  }

  // --- Kyber prekeys ---

  @Override
  public KyberPreKeyRecord loadKyberPreKey(int kyberPreKeyId) throws InvalidKeyIdException {
    byte[] value = store.get(Namespaces.KYBER_PRE_KEY, name(kyberPreKeyId));
    if (value == null) {
      throw new InvalidKeyIdException("no such Kyber prekey");
    }
    return parseKyber(value);
  }

  /** Every Kyber prekey, one-time and last-resort. */
  @Override
  public List<KyberPreKeyRecord> loadKyberPreKeys() {
    List<KyberPreKeyRecord> records = new ArrayList<>();
    for (byte[] value : store.values(Namespaces.KYBER_PRE_KEY)) {
      records.add(parseKyber(value));
    }
    return records;
  }

  /** Stores a one-time Kyber prekey: removed by {@link #markKyberPreKeyUsed}. */
  @Override
  public void storeKyberPreKey(int kyberPreKeyId, KyberPreKeyRecord record) {
    store.put(Namespaces.KYBER_PRE_KEY, name(kyberPreKeyId), kyberValue(ONE_TIME, record));
  }

  /** Stores a last-resort Kyber prekey: kept by {@link #markKyberPreKeyUsed}, which checks reuse. */
  public void storeLastResortKyberPreKey(int kyberPreKeyId, KyberPreKeyRecord record) {
    store.put(Namespaces.KYBER_PRE_KEY, name(kyberPreKeyId), kyberValue(LAST_RESORT, record));
  }

  @Override
  public boolean containsKyberPreKey(int kyberPreKeyId) {
    return store.contains(Namespaces.KYBER_PRE_KEY, name(kyberPreKeyId));
  }

  /** Whether the stored Kyber prekey is a last-resort one; false when there is none. */
  public boolean isLastResortKyberPreKey(int kyberPreKeyId) {
    byte[] value = store.get(Namespaces.KYBER_PRE_KEY, name(kyberPreKeyId));
    return value != null && kind(value) == LAST_RESORT;
  }

  /** Removes a Kyber prekey (after rotation) and the uses recorded with it. */
  public void removeKyberPreKey(int kyberPreKeyId) {
    store.inTransaction(
        () -> {
          store.delete(Namespaces.KYBER_PRE_KEY, name(kyberPreKeyId));
          forgetKyberUses(use -> use.kyberPreKeyId() == kyberPreKeyId);
          return null;
        });
  }

  @Override
  public void markKyberPreKeyUsed(int kyberPreKeyId, int signedPreKeyId, ECPublicKey baseKey)
      throws ReusedBaseKeyException {
    Objects.requireNonNull(baseKey, "baseKey");
    String use = new KyberUse(kyberPreKeyId, signedPreKeyId, baseKey.serialize()).encode();
    store.inTransaction(
        () -> {
          byte[] value = store.get(Namespaces.KYBER_PRE_KEY, name(kyberPreKeyId));
          if (value == null) {
            // libsignal loaded it just before; nothing left to mark
            return null;
          }
          if (kind(value) == ONE_TIME) {
            store.delete(Namespaces.KYBER_PRE_KEY, name(kyberPreKeyId));
          } else if (!store.putIfAbsent(Namespaces.KYBER_PRE_KEY_USE, use, new byte[0])) {
            throw new ReusedBaseKeyException("this base key was already used with the last-resort key");
          }
          return null;
        });
  }

  private void forgetKyberUses(Predicate<KyberUse> matching) {
    Map<String, byte[]> uses = store.entries(Namespaces.KYBER_PRE_KEY_USE);
    for (String encoded : uses.keySet()) {
      if (matching.test(KyberUse.decode(encoded))) {
        store.delete(Namespaces.KYBER_PRE_KEY_USE, encoded);
      }
    }
  }

  private static String name(int id) {
    return Integer.toString(id);
  }

  private static byte[] kyberValue(byte kind, KyberPreKeyRecord record) {
    byte[] serialized = record.serialize();
    byte[] value = new byte[1 + serialized.length];
    value[0] = kind;
    System.arraycopy(serialized, 0, value, 1, serialized.length);
    return value;
  }

  private static byte kind(byte[] value) {
    if (value.length < 2 || (value[0] != ONE_TIME && value[0] != LAST_RESORT)) {
      throw new StoreException(StoreException.Reason.CORRUPT, "a stored Kyber prekey is malformed");
    }
    return value[0];
  }

  private static KyberPreKeyRecord parseKyber(byte[] value) {
    kind(value);
    return LibsignalRecords.parse(Arrays.copyOfRange(value, 1, value.length), KyberPreKeyRecord::new);
  }

  /** One use of a last-resort Kyber prekey, as a record name {@code kyberId/signedId/baseKey}. */
  private record KyberUse(int kyberPreKeyId, int signedPreKeyId, byte[] baseKey) {

    String encode() {
      return kyberPreKeyId + "/" + signedPreKeyId + "/" + Base64.getEncoder().encodeToString(baseKey);
    }

    static KyberUse decode(String encoded) {
      String[] parts = encoded.split("/", 3);
      try {
        return new KyberUse(
            Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Base64.getDecoder().decode(parts[2]));
      } catch (RuntimeException e) {
        throw new StoreException(StoreException.Reason.CORRUPT, "a stored Kyber prekey use is malformed", e);
      }
    }
  }
}
