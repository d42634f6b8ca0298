// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.audit.verify;

import java.util.Objects;

/**
 * The first thing wrong with a ledger export.
 *
 * @param line    the line it was found on, from 1 (the header)
 * @param kind    what kind of problem
 * @param message what exactly, for a person
 */
public record LedgerProblem(int line, ProblemKind kind, String message) {

    public LedgerProblem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return "line " + line + ": " + kind.label() + ": " + message;
    }
}
