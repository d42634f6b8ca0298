// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.audit.verify;

import java.util.Optional;
import org.palisade.audit.ledger.LedgerCheckpoint;

/**
 * What {@link LedgerVerifier} found. When there is a problem, the counts are of what was verified before it.
 *
 * @param problem            the first problem, or null when the export is valid
 * @param entries            entries verified, in order from seq 1
 * @param checkpoints        checkpoints verified
 * @param lastCheckpoint     the last verified checkpoint, or null
 * @param checkpointSubject  the checkpoint certificate's subject, or null when it did not chain to the root
 */
public record VerificationReport(LedgerProblem problem, long entries, long checkpoints, LedgerCheckpoint lastCheckpoint,
        String checkpointSubject) {

    public boolean valid() {
        return problem == null;
    }

    public Optional<LedgerProblem> firstProblem() {
        return Optional.ofNullable(problem);
    }

    /** Entries 1 to this are fixed by a verified checkpoint signature. */
    public long coveredEntries() {
        return lastCheckpoint == null ? 0 : lastCheckpoint.seq();
    }

    /**
     * Entries after the last verified checkpoint: only the hash chain protects them, which anyone who can write
     * the file can recompute, so they can be cut off or rewritten without a verifier noticing.
     */
    public long unprotectedEntries() {
        return entries - coveredEntries();
    }
}
