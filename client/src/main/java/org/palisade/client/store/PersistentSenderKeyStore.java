// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.store;

import java.util.Objects;
import java.util.UUID;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.groups.state.SenderKeyRecord;
import org.signal.libsignal.protocol.groups.state.SenderKeyStore;

/** Group sender keys in the {@link ClientStore}, one record per (sender device, distribution id). */
public final class PersistentSenderKeyStore implements SenderKeyStore {

  private final ClientStore store;

  public PersistentSenderKeyStore(ClientStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public void storeSenderKey(
      SignalProtocolAddress sender, UUID distributionId, SenderKeyRecord record) {
    store.put(Namespaces.SENDER_KEY, name(sender, distributionId), record.serialize());
  }

  @Override
  public SenderKeyRecord loadSenderKey(SignalProtocolAddress sender, UUID distributionId) {
    byte[] value = store.get(Namespaces.SENDER_KEY, name(sender, distributionId));
    return value == null ? null : LibsignalRecords.parse(value, SenderKeyRecord::new);
  }

  private static String name(SignalProtocolAddress sender, UUID distributionId) {
    Objects.requireNonNull(distributionId, "distributionId");
    return distributionId + "/" + AddressKey.of(sender).encode();
  }
}
