// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.ledger;

/**
 * How a use of a key ended: it succeeded, the HSM or the input made it fail (tampered ciphertext, wrong AAD,
 * destroyed version), or it was refused before the HSM was asked (e.g. a key that already exists).
 */
public enum Outcome {
    SUCCESS,
    FAILURE,
    REFUSED;

    public String ledgerName() {
        return name().toLowerCase();
    }
}
