// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.custody;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.palisade.hsm.ledger.Operation;
import org.palisade.hsm.ledger.Principal;

/** Many threads on one custody over a real SoftHSM2 token. */
class ConcurrentCustodyTest extends CustodyOnRealToken {

    private static final int THREADS = 8;
    private static final int OPERATIONS = 50;
    private static final String PURPOSE = "epoch-dek";

    private ExecutorService pool;
    private PublicKey deviceCa;
    private PublicKey checkpoint;

    @BeforeEach
    void initialiseAndStartThreads() throws Exception {
        initialised();
        deviceCa = publicKeyFromPem(custody.describe().get(0).publicKeyPem().orElseThrow());
        checkpoint = publicKeyFromPem(custody.describe().get(1).publicKeyPem().orElseThrow());
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void stopThreads() throws Exception {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void eightThreadsSignEncryptAndDecryptAtOnceAndEveryResultChecksOut() throws Exception {
        runOnAllThreads(thread -> {
            for (int i = 0; i < OPERATIONS; i++) {
                byte[] data = ByteBuffer.allocate(8).putInt(thread).putInt(i).array();
                boolean useCa = i % 2 == 0;
                byte[] signature = custody.sign(useCa ? SigningKey.DEVICE_CA : SigningKey.AUDIT_CHECKPOINT, PURPOSE,
                        data, worker(thread));
                assertThat(verifies(useCa ? deviceCa : checkpoint, data, signature)).isTrue();
                byte[] dek = randomBytes(32);
                WrappedDek wrapped = custody.encryptDek(dek, PURPOSE, worker(thread));
                assertThat(custody.decryptDek(wrapped, PURPOSE, worker(thread))).isEqualTo(dek);
            }
        });

        int total = THREADS * OPERATIONS;
        assertThat(ledger.events(Operation.SIGN)).hasSize(total);
        assertThat(ledger.events(Operation.DEK_ENCRYPT)).hasSize(total);
        assertThat(ledger.events(Operation.DEK_DECRYPT)).hasSize(total);
    }

    @Test
    void usesCarryOnCorrectlyWhileTheKekIsRotated() throws Exception {
        AtomicBoolean rotating = new AtomicBoolean(true);
        Set<Integer> versionsSeen = ConcurrentHashMap.newKeySet();
        ExecutorService administrator = Executors.newSingleThreadExecutor();
        try {
            Future<?> rotations = administrator.submit(() -> {
                try {
                    // each rotation waits until the workers have used the version before it, under load
                    for (int version = 2; version <= 4; version++) {
                        awaitSeen(versionsSeen, version - 1);
                        assertThat(custody.rotateStorageKek(OFFICER)).isEqualTo(version);
                    }
                    awaitSeen(versionsSeen, 4);
                } finally {
                    rotating.set(false);
                }
                return null;
            });

            runOnAllThreads(thread -> {
                for (int i = 0; i < OPERATIONS || rotating.get(); i++) {
                    byte[] dek = randomBytes(32);
                    WrappedDek wrapped = custody.encryptDek(dek, PURPOSE, worker(thread));
                    versionsSeen.add(wrapped.kekVersion());
                    assertThat(custody.decryptDek(wrapped, PURPOSE, worker(thread))).isEqualTo(dek);
                }
            });
            rotations.get(30, TimeUnit.SECONDS);
        } finally {
            administrator.shutdownNow();
        }

        assertThat(versionsSeen).containsExactlyInAnyOrder(1, 2, 3, 4);
        assertThat(ledger.events(Operation.ROTATE)).hasSize(3);
    }

    private static void awaitSeen(Set<Integer> versionsSeen, int version) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!versionsSeen.contains(version)) {
            assertThat(System.nanoTime()).as("version " + version + " used within 30 s").isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    @Test
    void aSharedCacheServesTheSameDekToEveryThread() throws Exception {
        byte[] dek = randomBytes(32);
        WrappedDek wrapped = custody.encryptDek(dek, PURPOSE, GATEWAY);
        try (DekCache cache = new DekCache(custody, Clock.systemUTC(), Duration.ofMinutes(1), 16)) {
            runOnAllThreads(thread -> {
                for (int i = 0; i < OPERATIONS; i++) {
                    assertThat(cache.dek(wrapped, PURPOSE, worker(thread))).isEqualTo(dek);
                }
            });
        }
        // only misses reach the token; threads that missed together may each have decrypted once
        assertThat(ledger.events(Operation.DEK_DECRYPT)).hasSizeBetween(1, THREADS);
    }

    private static Principal worker(int thread) {
        return Principal.service("worker-" + thread);
    }

    private interface Work {
        void run(int thread) throws Exception;
    }

    /** Starts all threads at once and fails with the first thread's failure, if any. */
    private void runOnAllThreads(Work work) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                start.await();
                work.run(thread);
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : futures) {
            future.get(120, TimeUnit.SECONDS);
        }
    }
}
