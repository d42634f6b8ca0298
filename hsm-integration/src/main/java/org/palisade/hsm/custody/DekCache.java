// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.custody;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.palisade.hsm.ledger.Principal;

/**
 * Decrypted DEKs held in memory for a bounded time and number, so that the HSM is not on the per-message path.
 *
 * <p>A miss goes through {@link KeyCustody#decryptDek}, which records the use in the custody ledger; a hit is
 * not a use of the HSM and records nothing (the ledger shows one decryption per DEK per cache lifetime, and the
 * principal of the miss). Entries are keyed by the wrapped DEK's bytes <em>and</em> the purpose: a hit for the
 * same bytes under another purpose would skip the AAD check that the HSM makes on a miss.
 *
 * <p>Entries expire a fixed time after they were loaded, however often they are used, so a destroyed
 * storage-kek version stops being served within {@code timeToLive} (or at once, after {@link #clear()}). When
 * full, the entry loaded first goes first; it would also be the first to expire. Every array the cache drops is
 * zeroed: on expiry, eviction, replacement, {@link #clear()} and {@link #close()}. Expired entries are swept on
 * every call; a scheduler may also call {@link #evictExpired()} so that an idle cache does not keep them.
 *
 * <p>Callers get a copy of the DEK, never the cache's own array, so a caller that wipes its copy after use (as
 * it should) or keeps it cannot corrupt the cache, and the cache can zero what it drops without pulling bytes
 * from under a caller. Thread-safe; the HSM is called outside the cache's lock, so two threads that miss on the
 * same DEK at once both decrypt it (and both are recorded).
 */
public final class DekCache implements AutoCloseable {

    private final KeyCustody custody;
    private final Clock clock;
    private final Duration timeToLive;
    private final int maxEntries;
    // insertion order is expiry order, since every entry lives for the same time from its insertion
    private final LinkedHashMap<Entry, Dek> entries = new LinkedHashMap<>();
    private boolean closed;

    public DekCache(KeyCustody custody, Clock clock, Duration timeToLive, int maxEntries) {
        this.custody = Objects.requireNonNull(custody, "custody");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeToLive = Objects.requireNonNull(timeToLive, "timeToLive");
        if (timeToLive.isNegative() || timeToLive.isZero()) {
            throw new IllegalArgumentException("timeToLive must be positive");
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1");
        }
        this.maxEntries = maxEntries;
    }

    /**
     * The decrypted DEK, from the cache or, on a miss, from {@link KeyCustody#decryptDek}.
     *
     * @return a copy the caller owns and should wipe when done
     * @throws CustodyException as {@link KeyCustody#decryptDek}, on a miss; nothing is cached then
     * @throws IllegalStateException after {@link #close()}
     */
    public byte[] dek(WrappedDek wrapped, String purpose, Principal who) {
        Objects.requireNonNull(wrapped, "wrapped");
        Purpose.require(purpose);
        Objects.requireNonNull(who, "who");
        Entry key = new Entry(wrapped.toBytes(), purpose);
        synchronized (this) {
            requireOpen();
            Instant now = clock.instant();
            evictExpired(now);
            Dek cached = entries.get(key);
            // checked again: the sweep stops at the first live entry, and a clock stepped back breaks the order
            if (cached != null && now.isBefore(cached.expires)) {
                return cached.bytes.clone();
            }
        }
        // the decrypted array is handed over to the cache: custody keeps no reference to it
        byte[] dek = custody.decryptDek(wrapped, purpose, who);
        synchronized (this) {
            if (closed) {
                Arrays.fill(dek, (byte) 0);
                throw new IllegalStateException("DEK cache closed");
            }
            Instant now = clock.instant();
            evictExpired(now);
            // removed first, so that the new entry goes to the end, where the latest expiry belongs
            Dek replaced = entries.remove(key);
            if (replaced != null) {
                replaced.wipe();
            }
            entries.put(key, new Dek(dek, now.plus(timeToLive)));
            while (entries.size() > maxEntries) {
                Iterator<Dek> oldest = entries.values().iterator();
                oldest.next().wipe();
                oldest.remove();
            }
            return dek.clone();
        }
    }

    /** Zeroes and drops entries past their time to live. */
    public synchronized void evictExpired() {
        if (!closed) {
            evictExpired(clock.instant());
        }
    }

    /** Zeroes and drops every entry, e.g. after a storage-kek version was destroyed. */
    public synchronized void clear() {
        entries.values().forEach(Dek::wipe);
        entries.clear();
    }

    public synchronized int size() {
        return entries.size();
    }

    /** Zeroes every entry; the cache then refuses calls. Idempotent. */
    @Override
    public synchronized void close() {
        clear();
        closed = true;
    }

    private void evictExpired(Instant now) {
        Iterator<Dek> iterator = entries.values().iterator();
        while (iterator.hasNext()) {
            Dek dek = iterator.next();
            if (now.isBefore(dek.expires)) {
                // the rest were loaded later, so expire later
                return;
            }
            dek.wipe();
            iterator.remove();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("DEK cache closed");
        }
    }

    private static final class Dek {
        private final byte[] bytes;
        private final Instant expires;

        Dek(byte[] bytes, Instant expires) {
            this.bytes = bytes;
            this.expires = expires;
        }

        void wipe() {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** The wrapped DEK's bytes and the purpose it is asked for under; compared by content. */
    private record Entry(byte[] wrapped, String purpose) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Entry that && Arrays.equals(wrapped, that.wrapped) && purpose.equals(that.purpose);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(wrapped) + purpose.hashCode();
        }

        @Override
        public String toString() {
            return "Entry[" + wrapped.length + " bytes, " + purpose + "]";
        }
    }
}
