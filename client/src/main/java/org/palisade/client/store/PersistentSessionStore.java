// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.signal.libsignal.protocol.NoSessionException;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.state.SessionRecord;
import org.signal.libsignal.protocol.state.SessionStore;

/**
 * libsignal sessions in the {@link ClientStore}, one record per remote device. Every load reads the
 * committed record and returns a fresh copy; every store commits (and syncs) before it returns, or
 * with the caller's transaction. Nothing is cached, so a stale copy can never be written back over a
 * newer ratchet state.
 *
 * <p>Looking sessions up by user ({@link #getSubDeviceSessions}, {@link #deleteAllSessions}) opens
 * every session record, since the database cannot tell whose a row is.
 */
public final class PersistentSessionStore implements SessionStore {

  /** libsignal's convention: the "sub-devices" of a user are all but device 1. */
  private static final int PRIMARY_DEVICE_ID = 1;

  private final ClientStore store;

  public PersistentSessionStore(ClientStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public SessionRecord loadSession(SignalProtocolAddress address) {
    byte[] value = store.get(Namespaces.SESSION, AddressKey.of(address).encode());
    return value == null ? new SessionRecord() : LibsignalRecords.parse(value, SessionRecord::new);
  }

  @Override
  public List<SessionRecord> loadExistingSessions(List<SignalProtocolAddress> addresses)
      throws NoSessionException {
    List<SessionRecord> records = new ArrayList<>(addresses.size());
    for (SignalProtocolAddress address : addresses) {
      byte[] value = store.get(Namespaces.SESSION, AddressKey.of(address).encode());
      if (value == null) {
        throw new NoSessionException("no session for one of the addresses");
      }
      records.add(LibsignalRecords.parse(value, SessionRecord::new));
    }
    return records;
  }

  /** The device ids other than 1 with a stored session for {@code name}, as libsignal's own store. */
  @Override
  public List<Integer> getSubDeviceSessions(String name) {
    List<Integer> devices = new ArrayList<>(sessionDeviceIds(name));
    devices.remove(Integer.valueOf(PRIMARY_DEVICE_ID));
    return devices;
  }

  /** Every device id, 1 included, with a stored session for {@code name}, in ascending order. */
  public List<Integer> sessionDeviceIds(String name) {
    Objects.requireNonNull(name, "name");
    List<Integer> devices = new ArrayList<>();
    for (String encoded : store.entries(Namespaces.SESSION).keySet()) {
      AddressKey key = AddressKey.decode(encoded);
      if (key.name().equals(name)) {
        devices.add(key.deviceId());
      }
    }
    devices.sort(null);
    return devices;
  }

  @Override
  public void storeSession(SignalProtocolAddress address, SessionRecord record) {
    store.put(Namespaces.SESSION, AddressKey.of(address).encode(), record.serialize());
  }

  @Override
  public boolean containsSession(SignalProtocolAddress address) {
    return store.contains(Namespaces.SESSION, AddressKey.of(address).encode());
  }

  @Override
  public void deleteSession(SignalProtocolAddress address) {
    store.delete(Namespaces.SESSION, AddressKey.of(address).encode());
  }

  @Override
  public void deleteAllSessions(String name) {
    Objects.requireNonNull(name, "name");
    store.inTransaction(
        () -> {
          for (String encoded : store.entries(Namespaces.SESSION).keySet()) {
            if (AddressKey.decode(encoded).name().equals(name)) {
              store.delete(Namespaces.SESSION, encoded);
            }
          }
          return null;
        });
  }
}
