// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.ledger;

/** What was done with an organisation key; written to the ledger in lower case with dashes. */
public enum Operation {
    GENERATE,
    SIGN,
    DEK_ENCRYPT,
    DEK_DECRYPT,
    ROTATE,
    RE_ENCRYPT,
    DESTROY;

    public String ledgerName() {
        return name().toLowerCase().replace('_', '-');
    }

    public static Operation fromLedgerName(String name) {
        return valueOf(name.toUpperCase().replace('-', '_'));
    }
}
