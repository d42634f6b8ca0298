// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.store;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.state.IdentityKeyStore;

/**
 * Identity keys in the {@link ClientStore}: the device's own key pair and registration id, written
 * once at set-up, and per remote device its key and {@link IdentityStatus}.
 *
 * <p>Trust, as libsignal asks for it through {@link #isTrustedIdentity}:
 *
 * <ul>
 *   <li>a device seen for the first time is trusted (trust on first use);
 *   <li>a new key for an {@link IdentityStatus#UNVERIFIED} device is trusted, and {@link
 *       #saveIdentity} reports {@code REPLACED_EXISTING} so the messenger can show a notice;
 *   <li>a new key for a {@link IdentityStatus#VERIFIED} device is trusted for receiving only: saving
 *       it moves the device to {@link IdentityStatus#CHANGED_AFTER_VERIFICATION}, and sending to it is
 *       refused (libsignal throws {@code UntrustedIdentityException}) until {@link #acceptNewIdentity}.
 * </ul>
 */
public final class PersistentIdentityStore implements IdentityKeyStore {

  private static final String KEY_PAIR = "identity-key-pair";
  private static final String REGISTRATION_ID = "registration-id";

  private final ClientStore store;
  private volatile IdentityKeyPair cachedKeyPair;

  public PersistentIdentityStore(ClientStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /**
   * Records the device's identity at set-up. Calling it again with the same values does nothing.
   *
   * @throws IllegalStateException when the store already holds another identity: replacing it would
   *     silently turn this device into a new one for every peer
   */
  public void initialise(IdentityKeyPair identityKeyPair, int registrationId) {
    Objects.requireNonNull(identityKeyPair, "identityKeyPair");
    if (registrationId < 1 || registrationId > 16380) {
      throw new IllegalArgumentException("a registration id is between 1 and 16380");
    }
    byte[] keyPair = identityKeyPair.serialize();
    byte[] id = ByteBuffer.allocate(4).putInt(registrationId).array();
    store.inTransaction(
        () -> {
          byte[] existingKeyPair = store.get(Namespaces.LOCAL_IDENTITY, KEY_PAIR);
          byte[] existingId = store.get(Namespaces.LOCAL_IDENTITY, REGISTRATION_ID);
          if (existingKeyPair != null || existingId != null) {
            if (Arrays.equals(existingKeyPair, keyPair) && Arrays.equals(existingId, id)) {
              return null;
            }
            throw new IllegalStateException("the store already holds this device's identity");
          }
          store.put(Namespaces.LOCAL_IDENTITY, KEY_PAIR, keyPair);
          store.put(Namespaces.LOCAL_IDENTITY, REGISTRATION_ID, id);
          return null;
        });
  }

  /** Whether {@link #initialise} has been called for this store. */
  public boolean isInitialised() {
    return store.contains(Namespaces.LOCAL_IDENTITY, KEY_PAIR);
  }

  /** @throws IllegalStateException before {@link #initialise} */
  @Override
  public IdentityKeyPair getIdentityKeyPair() {
    IdentityKeyPair keyPair = cachedKeyPair;
    if (keyPair == null) {
      // written once and never changed, so caching it cannot go stale
      keyPair = LibsignalRecords.parse(requireLocal(KEY_PAIR), IdentityKeyPair::new);
      cachedKeyPair = keyPair;
    }
    return keyPair;
  }

  /** @throws IllegalStateException before {@link #initialise} */
  @Override
  public int getLocalRegistrationId() {
    byte[] id = requireLocal(REGISTRATION_ID);
    if (id.length != 4) {
      throw new StoreException(StoreException.Reason.CORRUPT, "the stored registration id is malformed");
    }
    return ByteBuffer.wrap(id).getInt();
  }

  @Override
  public IdentityChange saveIdentity(SignalProtocolAddress address, IdentityKey identityKey) {
    Objects.requireNonNull(identityKey, "identityKey");
    String name = AddressKey.of(address).encode();
    return store.inTransaction(
        () -> {
          IdentityState current = load(name);
          if (current == null) {
            save(name, new IdentityState(identityKey, IdentityStatus.UNVERIFIED));
            return IdentityChange.NEW_OR_UNCHANGED;
          }
          if (current.key().equals(identityKey)) {
            return IdentityChange.NEW_OR_UNCHANGED;
          }
          IdentityStatus status =
              current.status() == IdentityStatus.UNVERIFIED
                  ? IdentityStatus.UNVERIFIED
                  : IdentityStatus.CHANGED_AFTER_VERIFICATION;
          save(name, new IdentityState(identityKey, status));
          return IdentityChange.REPLACED_EXISTING;
        });
  }

  @Override
  public boolean isTrustedIdentity(
      SignalProtocolAddress address, IdentityKey identityKey, Direction direction) {
    Objects.requireNonNull(identityKey, "identityKey");
    Objects.requireNonNull(direction, "direction");
    IdentityState current = load(AddressKey.of(address).encode());
    if (current == null || direction == Direction.RECEIVING) {
      return true;
    }
    return switch (current.status()) {
      case UNVERIFIED -> true;
      case VERIFIED -> current.key().equals(identityKey);
      case CHANGED_AFTER_VERIFICATION -> false;
    };
  }

  @Override
  public IdentityKey getIdentity(SignalProtocolAddress address) {
    IdentityState current = load(AddressKey.of(address).encode());
    return current == null ? null : current.key();
  }

  /** What the store knows about a remote device; empty for a device never seen. */
  public Optional<IdentityState> identityState(SignalProtocolAddress address) {
    return Optional.ofNullable(load(AddressKey.of(address).encode()));
  }

  /**
   * Records that the user compared safety numbers computed from {@code identityKey} with the owner of
   * the device. That key becomes the device's key.
   */
  public void markVerified(SignalProtocolAddress address, IdentityKey identityKey) {
    Objects.requireNonNull(identityKey, "identityKey");
    save(AddressKey.of(address).encode(), new IdentityState(identityKey, IdentityStatus.VERIFIED));
  }

  /** Withdraws a verification: the device keeps its key and becomes {@link IdentityStatus#UNVERIFIED}. */
  public void markUnverified(SignalProtocolAddress address) {
    String name = AddressKey.of(address).encode();
    store.inTransaction(
        () -> {
          IdentityState current = load(name);
          if (current != null && current.status() == IdentityStatus.VERIFIED) {
            save(name, new IdentityState(current.key(), IdentityStatus.UNVERIFIED));
          }
          return null;
        });
  }

  /**
   * Records that the user accepted {@code identityKey} for the device: after a change seen on
   * receiving, the key {@link #identityState} shows; after {@code SessionBuilder.process} refused a
   * bundle, the bundle's identity key (libsignal's {@code UntrustedIdentityException} does not carry
   * the key). The device becomes {@link IdentityStatus#UNVERIFIED} with that key, so sending
   * resumes; verifying it again is up to the user.
   */
  public void acceptNewIdentity(SignalProtocolAddress address, IdentityKey identityKey) {
    Objects.requireNonNull(identityKey, "identityKey");
    save(AddressKey.of(address).encode(), new IdentityState(identityKey, IdentityStatus.UNVERIFIED));
  }

  private byte[] requireLocal(String name) {
    byte[] value = store.get(Namespaces.LOCAL_IDENTITY, name);
    if (value == null) {
      throw new IllegalStateException("the device identity has not been initialised");
    }
    return value;
  }

  private IdentityState load(String name) {
    byte[] value = store.get(Namespaces.REMOTE_IDENTITY, name);
    if (value == null) {
      return null;
    }
    if (value.length < 2 || value[0] < 0 || value[0] >= IdentityStatus.values().length) {
      throw new StoreException(StoreException.Reason.CORRUPT, "a stored identity is malformed");
    }
    IdentityStatus status = IdentityStatus.values()[value[0]];
    IdentityKey key =
        LibsignalRecords.parse(Arrays.copyOfRange(value, 1, value.length), IdentityKey::new);
    return new IdentityState(key, status);
  }

  private void save(String name, IdentityState state) {
    byte[] key = state.key().serialize();
    byte[] value = new byte[1 + key.length];
    // the ordinal is the stored form: append new statuses, never reorder them
    value[0] = (byte) state.status().ordinal();
    System.arraycopy(key, 0, value, 1, key.length);
    store.put(Namespaces.REMOTE_IDENTITY, name, value);
  }
}
