// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.palisade.hsm.ledger.CustodyEvent;
import org.palisade.hsm.ledger.CustodyLedger;
import org.palisade.hsm.ledger.Operation;
import org.palisade.hsm.ledger.Outcome;
import org.palisade.hsm.ledger.Principal;

/**
 * A ledger that signs checkpoints through custody from inside {@code append}, as the real one does, calls back
 * into custody while custody holds its locks: that must neither deadlock nor go unrecorded.
 */
class ReentrantLedgerTest extends CustodyOnRealToken {

    private static final Principal LEDGER = Principal.service("custody-ledger");
    private static final int DESTROYED_VERSION = 1;

    @Test
    void checkpointsSignedFromInsideAppendDoNotDeadlockAnyOperation() throws Exception {
        CheckpointingLedger checkpointing = new CheckpointingLedger(ledger);
        Pkcs11KeyCustody reentrant = new Pkcs11KeyCustody(token, checkpointing, Clock.systemUTC(), random);
        checkpointing.custody = reentrant;

        List<Checkpoint> checkpoints = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            reentrant.initialise(OFFICER);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> uses = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    uses.add(pool.submit(() -> {
                        for (int i = 0; i < 25; i++) {
                            byte[] dek = randomBytes(32);
                            WrappedDek wrapped = reentrant.encryptDek(dek, "epoch-dek", GATEWAY);
                            try {
                                assertThat(reentrant.decryptDek(wrapped, "epoch-dek", GATEWAY)).isEqualTo(dek);
                            } catch (CustodyException e) {
                                // shredded between this thread's encryption and decryption: the one allowed failure
                                assertThat(e.reason()).isEqualTo(CustodyException.Reason.KEY_DESTROYED);
                                assertThat(wrapped.kekVersion()).isEqualTo(DESTROYED_VERSION);
                            }
                            reentrant.sign(SigningKey.DEVICE_CA, "device-certificate", dek, GATEWAY);
                        }
                        return null;
                    }));
                }
                // administration (write lock) while the uses (read lock) run and checkpoints re-enter both
                reentrant.rotateStorageKek(OFFICER);
                reentrant.rotateStorageKek(OFFICER);
                reentrant.destroyStorageKek(DESTROYED_VERSION, OFFICER);
                for (Future<?> use : uses) {
                    use.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            return checkpointing.checkpoints;
        });

        assertThat(checkpoints).hasSizeGreaterThan(10);
        PublicKey checkpointKey = reentrant.checkpointCertificate().getPublicKey();
        for (Checkpoint checkpoint : checkpoints) {
            assertThat(verifies(checkpointKey, checkpoint.head(), checkpoint.signature())).isTrue();
        }
        assertThat(ledger.events(Operation.SIGN)).filteredOn(event -> event.principal().equals(LEDGER))
                .filteredOn(event -> event.outcome() == Outcome.SUCCESS).hasSize(checkpoints.size());
    }

    private record Checkpoint(byte[] head, byte[] signature) {
    }

    /** Appends to the in-memory ledger and, after every third entry, signs a checkpoint through custody. */
    private static final class CheckpointingLedger implements CustodyLedger {
        private final InMemoryCustodyLedger entries;
        private final AtomicBoolean checkpointing = new AtomicBoolean();
        final List<Checkpoint> checkpoints = new CopyOnWriteArrayList<>();
        volatile KeyCustody custody;

        CheckpointingLedger(InMemoryCustodyLedger entries) {
            this.entries = entries;
        }

        @Override
        public void append(CustodyEvent event) {
            entries.append(event);
            // one checkpoint at a time, so that the checkpoint's own entry does not start another
            if (entries.events().size() % 3 == 0 && checkpointing.compareAndSet(false, true)) {
                try {
                    byte[] head = ("head " + entries.events().size()).getBytes(StandardCharsets.UTF_8);
                    checkpoints.add(new Checkpoint(head,
                            custody.sign(SigningKey.AUDIT_CHECKPOINT, "ledger-checkpoint", head, LEDGER)));
                } catch (CustodyException e) {
                    // before the ceremony has stored audit-checkpoint; the next checkpoint tries again
                } finally {
                    checkpointing.set(false);
                }
            }
        }
    }
}
