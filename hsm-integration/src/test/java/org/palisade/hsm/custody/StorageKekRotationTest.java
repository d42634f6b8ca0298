// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.palisade.hsm.custody.CustodyException.Reason;
import org.palisade.hsm.ledger.CustodyEvent;
import org.palisade.hsm.ledger.Operation;
import org.palisade.hsm.ledger.Outcome;

/** Rotating, re-encrypting and crypto-shredding storage-kek versions in a real SoftHSM2 token. */
class StorageKekRotationTest extends CustodyOnRealToken {

    private static final String PURPOSE = "epoch-dek";
    private byte[] dek;
    private WrappedDek underVersion1;

    @BeforeEach
    void initialiseAndWrapADekUnderVersion1() {
        initialised();
        dek = randomBytes(32);
        underVersion1 = custody.encryptDek(dek, PURPOSE, GATEWAY);
        ledger.clear();
    }

    @Test
    void afterRotationNewDeksUseTheNewVersionAndOldOnesStillDecrypt() {
        int version = custody.rotateStorageKek(OFFICER);

        assertThat(version).isEqualTo(2);
        WrappedDek underVersion2 = custody.encryptDek(dek, PURPOSE, GATEWAY);
        assertThat(underVersion2.kekVersion()).isEqualTo(2);
        assertThat(custody.decryptDek(underVersion2, PURPOSE, GATEWAY)).isEqualTo(dek);
        assertThat(custody.decryptDek(underVersion1, PURPOSE, GATEWAY)).isEqualTo(dek);
        assertThat(custody.describe()).extracting(KeyDescription::alias)
                .containsExactly("device-ca", "audit-checkpoint", "storage-kek/1", "storage-kek/2");
        assertThat(ledger.events().get(0)).isEqualTo(CustodyEvent.of("storage-kek", 2, Operation.ROTATE,
                "key-rotation", OFFICER, Outcome.SUCCESS, ""));
    }

    @Test
    void theStoredVersionIsANewKeyNotACopyOfTheOldOne() {
        custody.rotateStorageKek(OFFICER);

        // a version-1 ciphertext relabelled as version 2 fails: the AAD binds the version, and the key differs
        WrappedDek relabelled = new WrappedDek(2, underVersion1.iv(), underVersion1.ciphertext());
        assertThatThrownBy(() -> custody.decryptDek(relabelled, PURPOSE, GATEWAY))
                .asInstanceOf(type(CustodyException.class))
                .extracting(CustodyException::reason).isEqualTo(Reason.TAMPERED_CIPHERTEXT);
    }

    @Test
    void reEncryptMovesADekToTheNewestVersionAndRecordsBothVersions() {
        custody.rotateStorageKek(OFFICER);
        ledger.clear();

        WrappedDek moved = custody.reEncrypt(underVersion1, PURPOSE, OFFICER);

        assertThat(moved.kekVersion()).isEqualTo(2);
        assertThat(custody.decryptDek(moved, PURPOSE, GATEWAY)).isEqualTo(dek);
        assertThat(ledger.events()).startsWith(
                CustodyEvent.of("storage-kek", 1, Operation.RE_ENCRYPT, PURPOSE, OFFICER, Outcome.SUCCESS, ""),
                CustodyEvent.of("storage-kek", 2, Operation.RE_ENCRYPT, PURPOSE, OFFICER, Outcome.SUCCESS, ""));
    }

    @Test
    void reEncryptingATamperedDekFailsAndIsRecorded() {
        custody.rotateStorageKek(OFFICER);
        ledger.clear();
        byte[] ciphertext = underVersion1.ciphertext();
        ciphertext[0] ^= 0x01;

        assertThatThrownBy(() -> custody.reEncrypt(new WrappedDek(1, underVersion1.iv(), ciphertext), PURPOSE, OFFICER))
                .asInstanceOf(type(CustodyException.class))
                .extracting(CustodyException::reason).isEqualTo(Reason.TAMPERED_CIPHERTEXT);
        assertThat(ledger.events()).containsExactly(CustodyEvent.of("storage-kek", 1, Operation.RE_ENCRYPT, PURPOSE,
                OFFICER, Outcome.FAILURE, "tampered-ciphertext"));
    }

    @Test
    void destroyingAnOldVersionShredsItsDeksButNotTheReEncryptedOnes() {
        custody.rotateStorageKek(OFFICER);
        WrappedDek moved = custody.reEncrypt(underVersion1, PURPOSE, OFFICER);
        ledger.clear();

        custody.destroyStorageKek(1, OFFICER);

        assertThatThrownBy(() -> custody.decryptDek(underVersion1, PURPOSE, GATEWAY))
                .asInstanceOf(type(CustodyException.class))
                .extracting(CustodyException::reason).isEqualTo(Reason.KEY_DESTROYED);
        assertThat(custody.decryptDek(moved, PURPOSE, GATEWAY)).isEqualTo(dek);
        assertThat(ledger.events()).startsWith(
                CustodyEvent.of("storage-kek", 1, Operation.DESTROY, "crypto-shredding", OFFICER, Outcome.SUCCESS, ""),
                CustodyEvent.of("storage-kek", 1, Operation.DEK_DECRYPT, PURPOSE, GATEWAY, Outcome.FAILURE,
                        "key-destroyed"));
        assertThat(custody.describe()).extracting(KeyDescription::alias)
                .containsExactly("device-ca", "audit-checkpoint", "storage-kek/2");
        // gone from the token itself, as another PKCS#11 client sees it
        String secretKeys = CustodyTestToken.listObjects("secrkey");
        assertThat(CustodyTestToken.objectsWith(secretKeys, "label", "storage-kek/1")).isEmpty();
        assertThat(CustodyTestToken.objectsWith(secretKeys, "label", "storage-kek/2")).hasSize(1);
    }

    @Test
    void theNewestVersionCannotBeDestroyedAndTheRefusalIsRecorded() {
        custody.rotateStorageKek(OFFICER);
        ledger.clear();

        assertThatThrownBy(() -> custody.destroyStorageKek(2, OFFICER))
                .asInstanceOf(type(CustodyException.class))
                .extracting(CustodyException::reason).isEqualTo(Reason.KEY_IN_USE);

        assertThat(ledger.events()).containsExactly(CustodyEvent.of("storage-kek", 2, Operation.DESTROY,
                "crypto-shredding", OFFICER, Outcome.REFUSED, "key-in-use"));
        assertThat(custody.encryptDek(dek, PURPOSE, GATEWAY).kekVersion()).isEqualTo(2);
    }

    @Test
    void theOnlyVersionCannotBeDestroyed() {
        assertThatThrownBy(() -> custody.destroyStorageKek(1, OFFICER))
                .asInstanceOf(type(CustodyException.class))
                .extracting(CustodyException::reason).isEqualTo(Reason.KEY_IN_USE);
        assertThat(custody.decryptDek(underVersion1, PURPOSE, GATEWAY)).isEqualTo(dek);
    }

    @Test
    void destroyingADestroyedVersionOrOneNeverCreatedFailsAndIsRecorded() {
        custody.rotateStorageKek(OFFICER);
        custody.destroyStorageKek(1, OFFICER);
        ledger.clear();

        assertThatThrownBy(() -> custody.destroyStorageKek(1, OFFICER))
                .asInstanceOf(type(CustodyException.class))
                .extracting(CustodyException::reason).isEqualTo(Reason.KEY_DESTROYED);
        assertThatThrownBy(() -> custody.destroyStorageKek(9, OFFICER))
                .asInstanceOf(type(CustodyException.class))
                .extracting(CustodyException::reason).isEqualTo(Reason.KEY_MISSING);
        assertThat(ledger.events()).containsExactly(
                CustodyEvent.of("storage-kek", 1, Operation.DESTROY, "crypto-shredding", OFFICER, Outcome.FAILURE,
                        "key-destroyed"),
                CustodyEvent.of("storage-kek", 9, Operation.DESTROY, "crypto-shredding", OFFICER, Outcome.FAILURE,
                        "key-missing"));
    }

    @Test
    void aDestructionTheLedgerCannotRecordDestroysNothing() {
        custody.rotateStorageKek(OFFICER);
        ledger.setAvailable(false);

        assertThatThrownBy(() -> custody.destroyStorageKek(1, OFFICER))
                .asInstanceOf(type(CustodyException.class))
                .extracting(CustodyException::reason).isEqualTo(Reason.LEDGER_UNAVAILABLE);

        ledger.setAvailable(true);
        assertThat(custody.decryptDek(underVersion1, PURPOSE, GATEWAY)).isEqualTo(dek);
        assertThat(CustodyTestToken.objectsWith(CustodyTestToken.listObjects("secrkey"), "label", "storage-kek/1"))
                .hasSize(1);
    }

    @Test
    void aRotationTheLedgerCannotRecordCreatesNoVersion() {
        ledger.setAvailable(false);

        assertThatThrownBy(() -> custody.rotateStorageKek(OFFICER))
                .asInstanceOf(type(CustodyException.class))
                .extracting(CustodyException::reason).isEqualTo(Reason.LEDGER_UNAVAILABLE);

        ledger.setAvailable(true);
        assertThat(custody.describe()).extracting(KeyDescription::alias).doesNotContain("storage-kek/2");
        assertThat(custody.encryptDek(dek, PURPOSE, GATEWAY).kekVersion()).isEqualTo(1);
    }

    @Test
    void versionsAreNeverReusedAfterADestruction() {
        assertThat(custody.rotateStorageKek(OFFICER)).isEqualTo(2);
        custody.destroyStorageKek(1, OFFICER);

        assertThat(custody.rotateStorageKek(OFFICER)).isEqualTo(3);
        assertThat(custody.describe()).extracting(KeyDescription::version).endsWith(2, 3);
        assertThat(ledger.events(Operation.ROTATE)).extracting(CustodyEvent::keyVersion).containsExactly(2, 3);
    }

    @Test
    void rotatingBeforeTheCeremonyFailsAsAMissingKey() {
        CustodyTestToken.removeOrganisationKeys(token);
        Pkcs11KeyCustody fresh = new Pkcs11KeyCustody(token, ledger, Clock.systemUTC(), random);
        ledger.clear();

        assertThatThrownBy(() -> fresh.rotateStorageKek(OFFICER))
                .asInstanceOf(type(CustodyException.class))
                .extracting(CustodyException::reason).isEqualTo(Reason.KEY_MISSING);
        assertThat(ledger.events()).extracting(CustodyEvent::outcome).containsExactly(Outcome.FAILURE);
        assertThat(fresh.describe()).isEqualTo(List.of());
    }
}
