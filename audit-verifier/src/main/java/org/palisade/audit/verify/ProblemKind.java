// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.audit.verify;

/** What the first problem in a ledger export is; {@link #label()} is how the verifier prints it. */
public enum ProblemKind {
    /** A line that is not a line of the format (bad JSON, a missing or unknown field, a cut-off last line). */
    MALFORMED("malformed"),
    /** The checkpoint certificate does not chain to the given root, or was not valid when a checkpoint was signed. */
    UNTRUSTED_CERTIFICATE("untrusted-certificate"),
    /** An entry's content does not match its own hash. */
    MODIFIED("modified"),
    /** An entry that should be there (by seq) is missing. */
    REMOVED("removed"),
    /** An entry or checkpoint appears twice. */
    INSERTED("inserted"),
    /** An entry or checkpoint comes before one that should precede it. */
    REORDERED("reordered"),
    /**
     * An entry's {@code prev} is not the hash of the entry before it, although both are self-consistent and
     * their seqs follow on: an entry was changed and its hash recomputed, or entries were removed or inserted
     * and the rest renumbered and re-hashed. Only a checkpoint can say which.
     */
    BROKEN_LINK("broken-link"),
    /** A checkpoint's signature does not verify with the checkpoint certificate. */
    BAD_CHECKPOINT_SIGNATURE("bad-checkpoint-signature"),
    /** A checkpoint's head is not the hash of the entry it covers. */
    CHECKPOINT_HEAD_MISMATCH("checkpoint-head-mismatch");

    private final String label;

    ProblemKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
