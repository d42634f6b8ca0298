// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.custody;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One organisation key as the token holds it, described by its public facts only.
 *
 * @param alias        the key store alias: {@code device-ca}, {@code audit-checkpoint}, {@code storage-kek/2}
 * @param name         the key's name in the custody ledger: the alias without the version
 * @param type         what kind of key it is
 * @param version      1 for signing keys; the storage-kek version
 * @param created      for EC keys, the notBefore of the key's certificate. Empty for storage-kek versions: the
 *                     token keeps no trustworthy date for a secret key (JCA cannot set CKA_START_DATE), so the
 *                     custody ledger's generate or rotate entry for the version is the record of its creation
 * @param usage        what the key is for
 * @param publicKeyPem for EC keys, the public key as a PEM {@code PUBLIC KEY} block; empty for AES keys
 * @param fingerprint  for EC keys, the lower-case hex SHA-256 of the DER SubjectPublicKeyInfo (what
 *                     {@code openssl pkey -pubin -outform DER | sha256sum} prints). Empty for AES keys: nothing
 *                     is derived from secret key material; a storage-kek version is identified by its alias
 */
public record KeyDescription(String alias, String name, Type type, int version, Optional<Instant> created,
        Usage usage, Optional<String> publicKeyPem, Optional<String> fingerprint) {

    public enum Type {
        EC_P256("EC P-256"),
        AES_256("AES-256");

        private final String displayName;

        Type(String displayName) {
            this.displayName = displayName;
        }

        public String displayName() {
            return displayName;
        }
    }

    public enum Usage {
        /** ECDSA signatures: device certificates, ledger checkpoints. */
        SIGN,
        /** AES-GCM encryption of data keys. */
        DEK_ENCRYPTION
    }

    public KeyDescription {
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(publicKeyPem, "publicKeyPem");
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (version < 1) {
            throw new IllegalArgumentException("key versions start at 1");
        }
    }
}
