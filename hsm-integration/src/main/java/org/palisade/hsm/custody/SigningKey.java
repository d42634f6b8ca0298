// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.custody;

/** The organisation's signing keys, EC P-256 key pairs in the token; each is one token entry, version 1. */
public enum SigningKey {
    /** Signs device certificates; its self-signed certificate is the organisation root that clients pin. */
    DEVICE_CA("device-ca"),
    /** Signs custody ledger checkpoints; its certificate is issued by {@link #DEVICE_CA}. */
    AUDIT_CHECKPOINT("audit-checkpoint");

    private final String alias;

    SigningKey(String alias) {
        this.alias = alias;
    }

    /** The key store alias, which is also the key's name in the custody ledger. */
    public String alias() {
        return alias;
    }
}
