// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.custody;

import org.palisade.hsm.ledger.Principal;

/**
 * The key ceremony's capability over the organisation keys: create them once, rotate and retire the storage
 * KEK. Kept apart from {@link KeyCustody} so that services are handed only what they use. Every call is
 * recorded in the custody ledger, refusals included.
 */
public interface KeyAdministration {

    /**
     * Creates {@code device-ca} with its self-signed root certificate, {@code storage-kek/1} and
     * {@code audit-checkpoint} with a certificate issued by the root, all generated inside the token as
     * sensitive and non-extractable.
     *
     * @throws CustodyException KEY_EXISTS, without touching anything, if any organisation key exists;
     *                          LEDGER_UNAVAILABLE or HSM_FAILURE, in which case no key is left in the token
     */
    void initialise(Principal who);

    /**
     * Creates the next storage-kek version; new DEKs are encrypted under it from now on.
     *
     * @return the new version
     * @throws CustodyException KEY_MISSING (not initialised), LEDGER_UNAVAILABLE or HSM_FAILURE
     */
    int rotateStorageKek(Principal who);

    /**
     * Decrypts a DEK and encrypts it again under the newest storage-kek version, so that older versions can
     * be destroyed. The DEK never leaves this call.
     *
     * @throws CustodyException as {@link KeyCustody#decryptDek} and {@link KeyCustody#encryptDek}
     */
    WrappedDek reEncrypt(WrappedDek wrapped, String purpose, Principal who);

    /**
     * Deletes a storage-kek version from the token (crypto-shredding): every DEK still wrapped under it becomes
     * undecryptable, for good.
     *
     * @throws CustodyException KEY_IN_USE for the newest version; KEY_DESTROYED if already destroyed;
     *                          KEY_MISSING for a version never created; LEDGER_UNAVAILABLE or HSM_FAILURE
     */
    void destroyStorageKek(int version, Principal who);
}
