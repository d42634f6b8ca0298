// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.ledger;

import java.security.cert.X509Certificate;

/**
 * Signs custody ledger checkpoints with the organisation's {@code audit-checkpoint} key (in the HSM).
 *
 * <p>Signing is itself a use of an organisation key, so an implementation records it in the ledger like any
 * other use ({@code sign}, purpose {@code ledger-checkpoint}). The ledger allows for that: it calls this outside
 * any transaction and without holding a database connection, and an append made while a checkpoint is being
 * signed never starts another checkpoint.
 */
public interface CheckpointSigner {

    /**
     * Signs {@code message} (the checkpoint message of {@code palisade-custody-ledger/1}) with ECDSA over SHA-256.
     *
     * @return the signature, DER-encoded
     * @throws RuntimeException when the key cannot sign; the checkpoint is then not made
     */
    byte[] signCheckpoint(byte[] message);

    /** The certificate of the signing key, issued by the organisation root; exports carry it in their header. */
    X509Certificate checkpointCertificate();
}
