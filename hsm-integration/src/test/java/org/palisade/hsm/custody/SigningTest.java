// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import org.junit.jupiter.api.Test;
import org.palisade.hsm.custody.CustodyException.Reason;
import org.palisade.hsm.ledger.CustodyEvent;
import org.palisade.hsm.ledger.Operation;
import org.palisade.hsm.ledger.Outcome;

/** Signatures made inside a real SoftHSM2 token, verified in software with the public parts custody describes. */
class SigningTest extends CustodyOnRealToken {

    private final byte[] data = "checkpoint over entry 1024".getBytes(StandardCharsets.UTF_8);

    @Test
    void eachSigningKeysSignatureVerifiesWithItsDescribedPublicKeyAndNoOther() throws Exception {
        initialised();
        PublicKey deviceCa = publicKeyFromPem(custody.describe().get(0).publicKeyPem().orElseThrow());
        PublicKey checkpoint = publicKeyFromPem(custody.describe().get(1).publicKeyPem().orElseThrow());

        byte[] byDeviceCa = custody.sign(SigningKey.DEVICE_CA, "device-certificate", data, GATEWAY);
        byte[] byCheckpoint = custody.sign(SigningKey.AUDIT_CHECKPOINT, "ledger-checkpoint", data, GATEWAY);

        assertThat(verifies(deviceCa, data, byDeviceCa)).isTrue();
        assertThat(verifies(checkpoint, data, byCheckpoint)).isTrue();
        assertThat(verifies(checkpoint, data, byDeviceCa)).isFalse();
        assertThat(verifies(deviceCa, data, byCheckpoint)).isFalse();
        assertThat(verifies(deviceCa, "checkpoint over entry 1025".getBytes(StandardCharsets.UTF_8), byDeviceCa))
                .isFalse();
        // DER: SEQUENCE of two INTEGERs, as openssl and Java verifiers expect
        assertThat(byDeviceCa[0]).isEqualTo((byte) 0x30);
    }

    @Test
    void eachSignatureIsRecordedWithItsKeyPurposeAndPrincipal() {
        initialised();

        custody.sign(SigningKey.AUDIT_CHECKPOINT, "ledger-checkpoint", data, GATEWAY);
        custody.sign(SigningKey.DEVICE_CA, "device-certificate", data, OFFICER);

        assertThat(ledger.events()).containsExactly(
                CustodyEvent.of("audit-checkpoint", 1, Operation.SIGN, "ledger-checkpoint", GATEWAY, Outcome.SUCCESS,
                        ""),
                CustodyEvent.of("device-ca", 1, Operation.SIGN, "device-certificate", OFFICER, Outcome.SUCCESS, ""));
    }

    @Test
    void aSignatureTheLedgerCannotRecordIsNotReturned() {
        initialised();
        ledger.setAvailable(false);

        assertThatThrownBy(() -> custody.sign(SigningKey.DEVICE_CA, "device-certificate", data, GATEWAY))
                .asInstanceOf(type(CustodyException.class))
                .extracting(CustodyException::reason).isEqualTo(Reason.LEDGER_UNAVAILABLE);
        ledger.setAvailable(true);
        assertThat(ledger.events()).isEmpty();
    }

    @Test
    void signingBeforeTheCeremonyFailsAsAMissingKeyAndIsRecorded() {
        assertThatThrownBy(() -> custody.sign(SigningKey.AUDIT_CHECKPOINT, "ledger-checkpoint", data, GATEWAY))
                .asInstanceOf(type(CustodyException.class))
                .extracting(CustodyException::reason).isEqualTo(Reason.KEY_MISSING);
        assertThat(ledger.events()).containsExactly(CustodyEvent.of("audit-checkpoint", 1, Operation.SIGN,
                "ledger-checkpoint", GATEWAY, Outcome.FAILURE, "key-missing"));
    }

    @Test
    void aMalformedPurposeIsInvalidInputAndTouchesNoKey() {
        initialised();

        for (String purpose : new String[] {"", "Device Cert", "a|b", "x".repeat(65), null}) {
            assertThatThrownBy(() -> custody.sign(SigningKey.DEVICE_CA, purpose, data, GATEWAY))
                    .as(String.valueOf(purpose))
                    .asInstanceOf(type(CustodyException.class))
                    .extracting(CustodyException::reason).isEqualTo(Reason.INVALID_INPUT);
        }
        assertThat(ledger.events()).isEmpty();
    }
}
