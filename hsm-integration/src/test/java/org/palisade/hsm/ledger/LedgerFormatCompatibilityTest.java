// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.palisade.audit.ledger.LedgerEntry;
import org.palisade.audit.ledger.LedgerFormat;

/**
 * The custody API and the export format name the same things: a new operation or outcome here is a new
 * format version there (and in docs/custody-ledger.md), else its appends would be refused.
 */
class LedgerFormatCompatibilityTest {

    @Test
    void everyOperationIsAFormatOperationAndBack() {
        assertThat(Arrays.stream(Operation.values()).map(Operation::ledgerName).collect(Collectors.toList()))
                .containsExactlyInAnyOrderElementsOf(LedgerFormat.OPERATIONS);
        for (String name : LedgerFormat.OPERATIONS) {
            assertThat(Operation.fromLedgerName(name).ledgerName()).isEqualTo(name);
        }
    }

    @Test
    void everyOutcomeIsAFormatOutcome() {
        assertThat(Arrays.stream(Outcome.values()).map(Outcome::ledgerName).collect(Collectors.toList()))
                .containsExactlyInAnyOrderElementsOf(LedgerFormat.OUTCOMES);
    }

    @Test
    void everyPrincipalTheApiAcceptsTheFormatAccepts() {
        for (Principal principal : new Principal[] {Principal.service("gateway"), Principal.person("a.b_c-d@example.org"),
                Principal.person("x".repeat(64))}) {
            LedgerEntry entry = LedgerEntry.chained(1, "2025-03-01T09:15:02.120Z", "device-ca", 1, "sign", "p",
                    principal.ledgerName(), "success", "", 1, LedgerFormat.ZERO_HASH);
            assertThat(Principal.parse(entry.principal())).isEqualTo(principal);
        }
    }
}
