// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.ledger;

import java.util.Objects;

/**
 * One use (or attempted use) of an organisation key, as handed to the ledger. The ledger adds the sequence
 * number, the time (from its injected clock) and the hash chain.
 *
 * @param keyName   {@code device-ca}, {@code storage-kek} or {@code audit-checkpoint}
 * @param keyVersion the key's version (1 for keys that are not versioned)
 * @param operation what was done
 * @param purpose   why, in a few words without personal data (e.g. {@code epoch-dek}, {@code device-certificate},
 *                  {@code ledger-checkpoint}, {@code key-ceremony})
 * @param principal who asked
 * @param outcome   how it ended
 * @param detail    a short fixed reason for a failure or refusal ({@code tampered-ciphertext}, {@code key-exists},
 *                  ...), or {@code ""}; never input data, never a secret
 * @param count     how many uses this entry stands for (1, or a batch of identical uses)
 */
public record CustodyEvent(String keyName, int keyVersion, Operation operation, String purpose, Principal principal,
        Outcome outcome, String detail, int count) {

    public CustodyEvent {
        Objects.requireNonNull(keyName, "keyName");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
        if (keyVersion < 1 || count < 1) {
            throw new IllegalArgumentException("keyVersion and count start at 1");
        }
    }

    public static CustodyEvent of(String keyName, int keyVersion, Operation operation, String purpose,
            Principal principal, Outcome outcome, String detail) {
        return new CustodyEvent(keyName, keyVersion, operation, purpose, principal, outcome, detail, 1);
    }
}
