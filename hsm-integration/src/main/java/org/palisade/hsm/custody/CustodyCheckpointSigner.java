// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.custody;

import java.security.cert.X509Certificate;
import java.util.function.Supplier;
import org.palisade.hsm.ledger.CheckpointSigner;
import org.palisade.hsm.ledger.Principal;

/**
 * Ledger checkpoints signed by the HSM's {@code audit-checkpoint} key, through custody, so the signing is
 * itself a recorded use. The custody is supplied lazily: it needs the ledger, and the ledger needs this.
 */
public final class CustodyCheckpointSigner implements CheckpointSigner {

    public static final String PURPOSE = "ledger-checkpoint";
    private static final Principal LEDGER = Principal.service("custody-ledger");

    private final Supplier<KeyCustody> custody;

    public CustodyCheckpointSigner(Supplier<KeyCustody> custody) {
        this.custody = custody;
    }

    @Override
    public byte[] signCheckpoint(byte[] message) {
        return custody.get().sign(SigningKey.AUDIT_CHECKPOINT, PURPOSE, message, LEDGER);
    }

    @Override
    public X509Certificate checkpointCertificate() {
        return custody.get().checkpointCertificate();
    }
}
