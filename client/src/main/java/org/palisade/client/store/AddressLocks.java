// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.store;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.signal.libsignal.protocol.SignalProtocolAddress;

/**
 * One lock per remote address, to serialise libsignal's cipher operations: {@code SessionCipher} and
 * {@code GroupCipher} load a record, advance it and store it back, and are not thread-safe. Two
 * threads encrypting to (or decrypting from) the same device at once would otherwise both start from
 * the same ratchet state. Operations on different addresses run in parallel.
 *
 * <p>Locks are reentrant and are dropped from the table when nobody holds or waits for them. Take the
 * address lock before {@link ClientStore#inTransaction}, never inside it; hold one address lock at a
 * time, or always take several in the same order.
 */
public final class AddressLocks {

  private final ConcurrentHashMap<AddressKey, Entry> locks = new ConcurrentHashMap<>();

  /** Runs {@code work} while holding the lock of {@code address}, and returns its result. */
  public <T, E extends Exception> T withLock(
      SignalProtocolAddress address, ClientStore.Work<T, E> work) throws E {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(work, "work");
    AddressKey key = AddressKey.of(address);
    Entry entry =
        locks.compute(key, (k, existing) -> (existing == null ? new Entry() : existing).retain());
    entry.lock.lock();
    try {
      return work.run();
    } finally {
      entry.lock.unlock();
      locks.computeIfPresent(key, (k, existing) -> existing.release() ? null : existing);
    }
  }

  /** How many addresses currently have a lock entry (for tests). */
  int size() {
    return locks.size();
  }

  private static final class Entry {
    final ReentrantLock lock = new ReentrantLock();
    // changed only inside ConcurrentHashMap.compute for this entry's key, which serialises it
    private int users;

    Entry retain() {
      users++;
      return this;
    }

    /** @return true when nobody uses the entry any more */
    boolean release() {
      return --users == 0;
    }
  }
}
