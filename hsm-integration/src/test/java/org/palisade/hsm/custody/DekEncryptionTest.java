// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.time.Clock;
import java.util.Arrays;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.palisade.hsm.custody.CustodyException.Reason;
import org.palisade.hsm.ledger.CustodyEvent;
import org.palisade.hsm.ledger.Operation;
import org.palisade.hsm.ledger.Outcome;

/** DEKs encrypted and decrypted under the storage KEK inside a real SoftHSM2 token, and each way that fails. */
class DekEncryptionTest extends CustodyOnRealToken {

    private static final String PURPOSE = "epoch-dek";
    private byte[] dek;

    @BeforeEach
    void initialiseAndMakeADek() {
        initialised();
        dek = randomBytes(32);
    }

    @Test
    void aDekRoundTripsThroughTheTokenAndItsBinaryForm() {
        WrappedDek wrapped = custody.encryptDek(dek, PURPOSE, GATEWAY);

        assertThat(wrapped.kekVersion()).isEqualTo(1);
        assertThat(wrapped.iv()).hasSize(12);
        assertThat(wrapped.ciphertext()).hasSize(32 + 16);
        assertThat(Arrays.copyOf(wrapped.ciphertext(), 32)).isNotEqualTo(dek);
        assertThat(custody.decryptDek(wrapped, PURPOSE, GATEWAY)).isEqualTo(dek);
        assertThat(custody.decryptDek(WrappedDek.fromBytes(wrapped.toBytes()), PURPOSE, GATEWAY)).isEqualTo(dek);
        assertThat(ledger.events()).containsExactly(
                CustodyEvent.of("storage-kek", 1, Operation.DEK_ENCRYPT, PURPOSE, GATEWAY, Outcome.SUCCESS, ""),
                CustodyEvent.of("storage-kek", 1, Operation.DEK_DECRYPT, PURPOSE, GATEWAY, Outcome.SUCCESS, ""),
                CustodyEvent.of("storage-kek", 1, Operation.DEK_DECRYPT, PURPOSE, GATEWAY, Outcome.SUCCESS, ""));
    }

    @Test
    void theSameDekEncryptsDifferentlyEachTime() {
        WrappedDek first = custody.encryptDek(dek, PURPOSE, GATEWAY);
        WrappedDek second = custody.encryptDek(dek, PURPOSE, GATEWAY);

        assertThat(first.iv()).isNotEqualTo(second.iv());
        assertThat(first.ciphertext()).isNotEqualTo(second.ciphertext());
    }

    @Test
    void aFlippedCiphertextBitIsTamperedCiphertextAndRecorded() {
        WrappedDek wrapped = custody.encryptDek(dek, PURPOSE, GATEWAY);
        byte[] ciphertext = wrapped.ciphertext();
        ciphertext[5] ^= 0x01;

        assertFailsRecorded(() -> custody.decryptDek(new WrappedDek(1, wrapped.iv(), ciphertext), PURPOSE, GATEWAY),
                Reason.TAMPERED_CIPHERTEXT);
    }

    @Test
    void aFlippedTagOrIvIsTamperedCiphertext() {
        WrappedDek wrapped = custody.encryptDek(dek, PURPOSE, GATEWAY);
        byte[] ciphertext = wrapped.ciphertext();
        ciphertext[ciphertext.length - 1] ^= (byte) 0x80;
        byte[] iv = wrapped.iv();
        iv[0] ^= 0x01;

        assertFailsRecorded(() -> custody.decryptDek(new WrappedDek(1, wrapped.iv(), ciphertext), PURPOSE, GATEWAY),
                Reason.TAMPERED_CIPHERTEXT);
        assertFailsRecorded(() -> custody.decryptDek(new WrappedDek(1, iv, wrapped.ciphertext()), PURPOSE, GATEWAY),
                Reason.TAMPERED_CIPHERTEXT);
    }

    @Test
    void aWrongPurposeFailsTheAadCheckAndIsRecorded() {
        WrappedDek wrapped = custody.encryptDek(dek, PURPOSE, GATEWAY);

        assertThatThrownBy(() -> custody.decryptDek(wrapped, "mailbox-dek", GATEWAY))
                .asInstanceOf(type(CustodyException.class))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.TAMPERED_CIPHERTEXT))
                .satisfies(e -> assertThat(e.getMessage()).contains("tampered ciphertext or wrong purpose")
                        .doesNotContain("mailbox-dek").doesNotContain(GATEWAY.name()));
        assertThat(ledger.last()).isEqualTo(CustodyEvent.of("storage-kek", 1, Operation.DEK_DECRYPT, "mailbox-dek",
                GATEWAY, Outcome.FAILURE, "tampered-ciphertext"));
        // and the right purpose still works
        assertThat(custody.decryptDek(wrapped, PURPOSE, GATEWAY)).isEqualTo(dek);
    }

    @Test
    void aTruncatedCiphertextFailsAndIsRecorded() {
        WrappedDek wrapped = custody.encryptDek(dek, PURPOSE, GATEWAY);
        byte[] ciphertext = wrapped.ciphertext();

        // one byte short: still long enough to hold a DEK and tag, so the tag check catches it
        assertFailsRecorded(() -> custody.decryptDek(
                new WrappedDek(1, wrapped.iv(), Arrays.copyOf(ciphertext, ciphertext.length - 1)), PURPOSE, GATEWAY),
                Reason.TAMPERED_CIPHERTEXT);
        // too short to be a DEK with its tag at all
        assertFailsRecorded(() -> custody.decryptDek(
                new WrappedDek(1, wrapped.iv(), Arrays.copyOf(ciphertext, 20)), PURPOSE, GATEWAY),
                Reason.INVALID_INPUT);
    }

    @Test
    void aGarbageCiphertextIsTamperedCiphertextAndRecorded() {
        WrappedDek garbage = new WrappedDek(1, randomBytes(12), randomBytes(48));

        assertFailsRecorded(() -> custody.decryptDek(garbage, PURPOSE, GATEWAY), Reason.TAMPERED_CIPHERTEXT);
    }

    @Test
    void bytesThatAreNotAWrappedDekAreInvalidInputAndTouchNoKey() {
        byte[] bytes = custody.encryptDek(dek, PURPOSE, GATEWAY).toBytes();
        ledger.clear();

        for (byte[] bad : new byte[][] {new byte[0], Arrays.copyOf(bytes, bytes.length - 1), randomBytes(bytes.length),
                Arrays.copyOf(bytes, bytes.length + 1)}) {
            assertThatThrownBy(() -> custody.decryptDek(WrappedDek.fromBytes(bad), PURPOSE, GATEWAY))
                    .asInstanceOf(type(CustodyException.class))
                    .extracting(CustodyException::reason).isEqualTo(Reason.INVALID_INPUT);
        }
        // no key or version can be attributed to bytes that do not parse
        assertThat(ledger.events()).isEmpty();
    }

    @Test
    void aVersionThatWasNeverCreatedIsMissingAndRecorded() {
        WrappedDek wrapped = custody.encryptDek(dek, PURPOSE, GATEWAY);

        assertThatThrownBy(() -> custody.decryptDek(new WrappedDek(7, wrapped.iv(), wrapped.ciphertext()), PURPOSE,
                GATEWAY))
                .asInstanceOf(type(CustodyException.class))
                .extracting(CustodyException::reason).isEqualTo(Reason.KEY_MISSING);
        assertThat(ledger.last()).isEqualTo(CustodyEvent.of("storage-kek", 7, Operation.DEK_DECRYPT, PURPOSE, GATEWAY,
                Outcome.FAILURE, "key-missing"));
    }

    @Test
    void aDecryptionTheLedgerCannotRecordIsNotReturned() {
        WrappedDek wrapped = custody.encryptDek(dek, PURPOSE, GATEWAY);
        ledger.clear();
        ledger.setAvailable(false);

        assertThatThrownBy(() -> custody.decryptDek(wrapped, PURPOSE, GATEWAY))
                .asInstanceOf(type(CustodyException.class))
                .extracting(CustodyException::reason).isEqualTo(Reason.LEDGER_UNAVAILABLE);
        assertThatThrownBy(() -> custody.encryptDek(dek, PURPOSE, GATEWAY))
                .asInstanceOf(type(CustodyException.class))
                .extracting(CustodyException::reason).isEqualTo(Reason.LEDGER_UNAVAILABLE);
        ledger.setAvailable(true);
        assertThat(ledger.events()).isEmpty();
    }

    @Test
    void aFailureTheLedgerCannotRecordIsReportedAsTheLedgerBeingDown() {
        WrappedDek garbage = new WrappedDek(1, randomBytes(12), randomBytes(48));
        ledger.setAvailable(false);

        assertThatThrownBy(() -> custody.decryptDek(garbage, PURPOSE, GATEWAY))
                .asInstanceOf(type(CustodyException.class))
                .satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.LEDGER_UNAVAILABLE))
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                        .asInstanceOf(type(CustodyException.class))
                        .extracting(CustodyException::reason).isEqualTo(Reason.TAMPERED_CIPHERTEXT));
    }

    @Test
    void aDekOfTheWrongSizeOrAMalformedPurposeIsInvalidInputAndTouchesNoKey() {
        for (byte[] bad : new byte[][] {null, new byte[0], new byte[15], new byte[65]}) {
            assertThatThrownBy(() -> custody.encryptDek(bad, PURPOSE, GATEWAY))
                    .asInstanceOf(type(CustodyException.class))
                    .extracting(CustodyException::reason).isEqualTo(Reason.INVALID_INPUT);
        }
        assertThatThrownBy(() -> custody.encryptDek(dek, "epoch|dek", GATEWAY))
                .asInstanceOf(type(CustodyException.class))
                .extracting(CustodyException::reason).isEqualTo(Reason.INVALID_INPUT);
        assertThat(ledger.events()).isEmpty();
        // the bounds themselves are accepted
        assertThat(custody.decryptDek(custody.encryptDek(randomBytes(16), PURPOSE, GATEWAY), PURPOSE, GATEWAY))
                .hasSize(16);
        assertThat(custody.decryptDek(custody.encryptDek(randomBytes(64), PURPOSE, GATEWAY), PURPOSE, GATEWAY))
                .hasSize(64);
    }

    @Test
    void encryptionBeforeTheCeremonyFailsAsAMissingKeyAndIsRecorded() {
        CustodyTestToken.removeOrganisationKeys(token);
        Pkcs11KeyCustody fresh = new Pkcs11KeyCustody(token, ledger, Clock.systemUTC(), random);

        assertThatThrownBy(() -> fresh.encryptDek(dek, PURPOSE, GATEWAY))
                .asInstanceOf(type(CustodyException.class))
                .extracting(CustodyException::reason).isEqualTo(Reason.KEY_MISSING);
        assertThat(ledger.last()).isEqualTo(CustodyEvent.of("storage-kek", 1, Operation.DEK_ENCRYPT, PURPOSE, GATEWAY,
                Outcome.FAILURE, "key-missing"));
    }

    private void assertFailsRecorded(ThrowingCallable decryption, Reason reason) {
        ledger.clear();
        assertThatThrownBy(decryption)
                .asInstanceOf(type(CustodyException.class))
                .extracting(CustodyException::reason).isEqualTo(reason);
        assertThat(ledger.events()).containsExactly(CustodyEvent.of("storage-kek", 1, Operation.DEK_DECRYPT, PURPOSE,
                GATEWAY, Outcome.FAILURE, reason.ledgerDetail()));
    }
}
