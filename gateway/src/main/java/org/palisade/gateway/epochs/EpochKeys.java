// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.epochs;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.palisade.gateway.custody.OrganisationCustody;
import org.palisade.hsm.custody.CustodyException;
import org.palisade.hsm.custody.DekCache;
import org.palisade.hsm.custody.KeyCustody;
import org.palisade.hsm.custody.WrappedDek;
import org.palisade.hsm.ledger.Principal;
import org.palisade.hsm.token.HsmException;

/**
 * The data keys of retention epochs and the routing key, created on first use (encrypted by the HSM's newest
 * storage-kek and stored), decrypted by the HSM on a cache miss (each miss is in the custody ledger) and held
 * in memory for {@link EpochsConfig#keyCacheTime()}. Epoch {@code n} covers
 * {@code [n * length, (n + 1) * length)} seconds since 1970.
 */
@ApplicationScoped
public class EpochKeys {

    static final String EPOCH_PURPOSE = "epoch-dek";
    static final String ROUTING_PURPOSE = "routing-key";
    static final int KEY_BYTES = 32;
    private static final Principal GATEWAY = Principal.service("gateway");
    private static final int CACHED_KEYS = 64;

    private final OrganisationCustody organisation;
    private final EpochKeyStore store;
    private final Clock clock;
    private final SecureRandom random;
    private final long lengthSeconds;
    /** Wrapped keys are not secret; remembering them spares a database read per use. */
    private final Map<Long, WrappedDek> wrappedEpochKeys = new ConcurrentHashMap<>();
    private volatile WrappedDek wrappedRoutingKey;
    private volatile DekCache cache;
    private final java.time.Duration cacheTime;

    @Inject
    EpochKeys(OrganisationCustody organisation, EpochKeyStore store, EpochsConfig config, Clock clock, SecureRandom random) {
        this.organisation = organisation;
        this.store = store;
        this.clock = clock;
        this.random = random;
        this.lengthSeconds = Math.max(1, config.length().toSeconds());
        this.cacheTime = config.keyCacheTime();
    }

    public long currentEpoch() {
        return epochAt(clock.instant());
    }

    public long epochAt(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), lengthSeconds);
    }

    public Instant endOf(long epoch) {
        return Instant.ofEpochSecond((epoch + 1) * lengthSeconds);
    }

    /**
     * The epoch's data key, created if the epoch has none yet and it is the current one.
     *
     * @return a copy the caller wipes after use
     * @throws EpochException EXPIRED for an epoch whose key was destroyed or never existed in the past,
     *                        UNAVAILABLE when the database or the HSM cannot be reached
     */
    byte[] epochKey(long epoch) {
        WrappedDek wrapped = wrappedEpochKeys.get(epoch);
        if (wrapped == null) {
            wrapped = loadEpochKey(epoch);
            wrappedEpochKeys.put(epoch, wrapped);
        }
        return decrypt(wrapped, EPOCH_PURPOSE);
    }

    /** The routing key, created once for the deployment; a copy the caller wipes after use. */
    byte[] routingKey() {
        WrappedDek wrapped = wrappedRoutingKey;
        if (wrapped == null) {
            try {
                EpochKeyStore.StoredKey stored = store.routingKey().orElse(null);
                if (stored == null) {
                    stored = store.createRoutingKey(newWrappedKey(ROUTING_PURPOSE).toBytes(), clock.instant());
                }
                wrapped = WrappedDek.fromBytes(stored.wrapped());
            } catch (SQLException e) {
                throw new EpochException(EpochException.Reason.UNAVAILABLE, e);
            }
            wrappedRoutingKey = wrapped;
        }
        return decrypt(wrapped, ROUTING_PURPOSE);
    }

    private WrappedDek loadEpochKey(long epoch) {
        try {
            EpochKeyStore.StoredKey stored = store.epochKey(epoch).orElse(null);
            if (stored == null) {
                if (epoch != currentEpoch()) {
                    // a past epoch without a key held no data; a future one is a forged or corrupt record
                    throw new EpochException(EpochException.Reason.EXPIRED, null);
                }
                stored = store.createEpochKey(epoch, newWrappedKey(EPOCH_PURPOSE).toBytes(), clock.instant());
            }
            if (stored.destroyed()) {
                throw new EpochException(EpochException.Reason.EXPIRED, null);
            }
            return WrappedDek.fromBytes(stored.wrapped());
        } catch (SQLException e) {
            throw new EpochException(EpochException.Reason.UNAVAILABLE, e);
        }
    }

    private WrappedDek newWrappedKey(String purpose) {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        try {
            return custody().encryptDek(key, purpose, GATEWAY);
        } catch (CustodyException | HsmException e) {
            throw new EpochException(EpochException.Reason.UNAVAILABLE, e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private byte[] decrypt(WrappedDek wrapped, String purpose) {
        try {
            return cache().dek(wrapped, purpose, GATEWAY);
        } catch (CustodyException e) {
            if (e.reason() == CustodyException.Reason.KEY_DESTROYED) {
                throw new EpochException(EpochException.Reason.EXPIRED, e);
            }
            if (e.reason() == CustodyException.Reason.TAMPERED_CIPHERTEXT) {
                throw new EpochException(EpochException.Reason.UNREADABLE, e);
            }
            throw new EpochException(EpochException.Reason.UNAVAILABLE, e);
        } catch (HsmException e) {
            throw new EpochException(EpochException.Reason.UNAVAILABLE, e);
        }
    }

    private KeyCustody custody() {
        return organisation.custody();
    }

    private DekCache cache() {
        DekCache current = cache;
        if (current == null) {
            synchronized (this) {
                if (cache == null) {
                    cache = new DekCache(custody(), clock, cacheTime, CACHED_KEYS);
                }
                current = cache;
            }
        }
        return current;
    }

    @PreDestroy
    void close() {
        DekCache current = cache;
        if (current != null) {
            current.close();
        }
    }
}
