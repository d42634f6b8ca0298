// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.palisade.hsm.custody.CustodyException.Reason;
import org.palisade.hsm.ledger.Operation;
import org.palisade.hsm.ledger.Principal;
import org.palisade.hsm.testing.MutableClock;

/** The DEK cache in front of custody over a real SoftHSM2 token. */
class DekCacheTest extends CustodyOnRealToken {

    private static final String PURPOSE = "epoch-dek";
    private static final Duration TIME_TO_LIVE = Duration.ofMinutes(5);
    private static final byte[] ZEROS = new byte[32];

    private final MutableClock clock = new MutableClock(CEREMONY_TIME);
    private HandedOutDeks handedOut;
    private DekCache cache;
    private byte[] dek;
    private WrappedDek wrapped;

    @BeforeEach
    void cacheOverCustody() {
        initialised();
        handedOut = new HandedOutDeks(custody);
        cache = new DekCache(handedOut, clock, TIME_TO_LIVE, 3);
        dek = randomBytes(32);
        wrapped = custody.encryptDek(dek, PURPOSE, GATEWAY);
        ledger.clear();
    }

    @AfterEach
    void closeCache() {
        cache.close();
    }

    @Test
    void aHitIsServedWithoutAnotherDecryptionInTheTokenOrTheLedger() {
        assertThat(cache.dek(wrapped, PURPOSE, GATEWAY)).isEqualTo(dek);
        assertThat(cache.dek(WrappedDek.fromBytes(wrapped.toBytes()), PURPOSE, GATEWAY)).isEqualTo(dek);
        assertThat(cache.dek(wrapped, PURPOSE, GATEWAY)).isEqualTo(dek);

        assertThat(handedOut.deks).hasSize(1);
        assertThat(ledger.events(Operation.DEK_DECRYPT)).hasSize(1);
    }

    @Test
    void callersGetCopiesSoWipingOneDoesNotWipeTheCache() {
        byte[] first = cache.dek(wrapped, PURPOSE, GATEWAY);
        Arrays.fill(first, (byte) 0);

        assertThat(cache.dek(wrapped, PURPOSE, GATEWAY)).isEqualTo(dek);
        assertThat(first).isNotSameAs(handedOut.deks.get(0));
    }

    @Test
    void anExpiredEntryIsZeroedAndTheNextUseDecryptsAgain() {
        cache.dek(wrapped, PURPOSE, GATEWAY);
        byte[] cached = handedOut.deks.get(0);
        assertThat(cached).isEqualTo(dek);

        clock.advance(TIME_TO_LIVE.minusSeconds(1));
        cache.evictExpired();
        assertThat(cached).as("still live").isEqualTo(dek);
        clock.advance(Duration.ofSeconds(1));
        cache.evictExpired();

        assertThat(cached).as("zeroed on expiry").isEqualTo(ZEROS);
        assertThat(cache.size()).isZero();
        assertThat(cache.dek(wrapped, PURPOSE, GATEWAY)).isEqualTo(dek);
        assertThat(ledger.events(Operation.DEK_DECRYPT)).hasSize(2);
    }

    @Test
    void anExpiredEntryIsNotServedEvenWithoutASweep() {
        cache.dek(wrapped, PURPOSE, GATEWAY);
        byte[] cached = handedOut.deks.get(0);
        clock.advance(TIME_TO_LIVE);

        assertThat(cache.dek(wrapped, PURPOSE, GATEWAY)).isEqualTo(dek);

        assertThat(cached).isEqualTo(ZEROS);
        assertThat(handedOut.deks).hasSize(2);
    }

    @Test
    void whenFullTheOldestEntryIsEvictedAndZeroed() {
        List<WrappedDek> others = List.of(custody.encryptDek(randomBytes(32), PURPOSE, GATEWAY),
                custody.encryptDek(randomBytes(32), PURPOSE, GATEWAY),
                custody.encryptDek(randomBytes(32), PURPOSE, GATEWAY));
        cache.dek(wrapped, PURPOSE, GATEWAY);
        byte[] oldest = handedOut.deks.get(0);

        for (WrappedDek other : others) {
            clock.advance(Duration.ofSeconds(1));
            cache.dek(other, PURPOSE, GATEWAY);
        }

        assertThat(cache.size()).isEqualTo(3);
        assertThat(oldest).isEqualTo(ZEROS);
        assertThat(handedOut.deks.subList(1, 4)).allSatisfy(bytes -> assertThat(bytes).isNotEqualTo(ZEROS));
    }

    @Test
    void anotherPurposeIsNotServedFromTheCacheButCheckedByTheToken() {
        cache.dek(wrapped, PURPOSE, GATEWAY);

        assertThatThrownBy(() -> cache.dek(wrapped, "mailbox-dek", GATEWAY))
                .asInstanceOf(type(CustodyException.class))
                .extracting(CustodyException::reason).isEqualTo(Reason.TAMPERED_CIPHERTEXT);
    }

    @Test
    void aMissTheLedgerCannotRecordIsRefusedAndNothingIsCached() {
        ledger.setAvailable(false);

        assertThatThrownBy(() -> cache.dek(wrapped, PURPOSE, GATEWAY))
                .asInstanceOf(type(CustodyException.class))
                .extracting(CustodyException::reason).isEqualTo(Reason.LEDGER_UNAVAILABLE);
        assertThat(cache.size()).isZero();
    }

    @Test
    void clearAndCloseZeroEverything() {
        WrappedDek other = custody.encryptDek(randomBytes(32), PURPOSE, GATEWAY);
        cache.dek(wrapped, PURPOSE, GATEWAY);
        cache.clear();
        assertThat(handedOut.deks.get(0)).isEqualTo(ZEROS);

        cache.dek(other, PURPOSE, GATEWAY);
        cache.close();

        assertThat(handedOut.deks.get(1)).isEqualTo(ZEROS);
        assertThatThrownBy(() -> cache.dek(wrapped, PURPOSE, GATEWAY)).isInstanceOf(IllegalStateException.class);
    }

    /** Passes calls to the real custody and keeps every DEK array it hands out, to watch the cache zero them. */
    private static final class HandedOutDeks implements KeyCustody {
        private final KeyCustody delegate;
        final List<byte[]> deks = new CopyOnWriteArrayList<>();

        HandedOutDeks(KeyCustody delegate) {
            this.delegate = delegate;
        }

        @Override
        public byte[] decryptDek(WrappedDek wrapped, String purpose, Principal who) {
            byte[] dek = delegate.decryptDek(wrapped, purpose, who);
            deks.add(dek);
            return dek;
        }

        @Override
        public byte[] sign(SigningKey key, String purpose, byte[] data, Principal who) {
            return delegate.sign(key, purpose, data, who);
        }

        @Override
        public WrappedDek encryptDek(byte[] dek, String purpose, Principal who) {
            return delegate.encryptDek(dek, purpose, who);
        }

        @Override
        public List<KeyDescription> describe() {
            return delegate.describe();
        }

        @Override
        public X509Certificate rootCertificate() {
            return delegate.rootCertificate();
        }

        @Override
        public X509Certificate checkpointCertificate() {
            return delegate.checkpointCertificate();
        }
    }
}
