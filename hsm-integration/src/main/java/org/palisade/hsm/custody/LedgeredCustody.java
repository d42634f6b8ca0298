// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.custody;

import java.security.SecureRandom;
import java.time.Clock;
import javax.sql.DataSource;
import org.palisade.hsm.ledger.JdbcCustodyLedger;
import org.palisade.hsm.token.Pkcs11Token;

/**
 * Custody over an open token with every use recorded in the PostgreSQL custody ledger, whose checkpoints are
 * signed by the token's {@code audit-checkpoint} key through that same custody. The two need each other, so
 * they are built together here, once, for the gateway and the ceremony alike.
 */
public record LedgeredCustody(Pkcs11KeyCustody custody, JdbcCustodyLedger ledger) {

    /**
     * @param checkpointEvery entries between checkpoints signed by the appending thread (at least 1)
     */
    public static LedgeredCustody open(Pkcs11Token token, DataSource ledgerDatabase, Clock clock, SecureRandom random,
            int checkpointEvery) {
        Pkcs11KeyCustody[] custody = new Pkcs11KeyCustody[1];
        JdbcCustodyLedger ledger = new JdbcCustodyLedger(ledgerDatabase, clock,
                new CustodyCheckpointSigner(() -> custody[0]), checkpointEvery);
        custody[0] = new Pkcs11KeyCustody(token, ledger, clock, random);
        return new LedgeredCustody(custody[0], ledger);
    }
}
