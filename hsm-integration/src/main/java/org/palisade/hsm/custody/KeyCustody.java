// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.custody;

import java.security.cert.X509Certificate;
import java.util.List;
import org.palisade.hsm.ledger.Principal;

/**
 * What services need from the organisation's keys: signatures and DEK encryption done inside the HSM, and
 * the public parts. Private and secret key material never crosses this interface; the only secret that does is
 * the DEK the caller owns. Every use of a key is recorded in the custody ledger first-hand by the
 * implementation, and a use that cannot be recorded is refused ({@link CustodyException.Reason#LEDGER_UNAVAILABLE}).
 *
 * <p>Key administration is a separate, optional capability: {@link KeyAdministration}. Implementations are
 * safe for use from many threads.
 *
 * <p>A {@code purpose} is 1 to 64 characters of {@code a-z 0-9 . _ : -} naming why the key is used
 * ({@code device-certificate}, {@code ledger-checkpoint}, {@code epoch-dek}); for DEKs it is bound into the
 * ciphertext, so a DEK decrypts only under the purpose it was encrypted for.
 *
 * @see Pkcs11KeyCustody
 */
public interface KeyCustody {

    /**
     * Signs {@code data} with SHA256withECDSA inside the token.
     *
     * @return the DER-encoded ECDSA signature, verifiable with the key's public key from {@link #describe()}
     * @throws CustodyException KEY_MISSING, LEDGER_UNAVAILABLE, HSM_FAILURE or INVALID_INPUT
     */
    byte[] sign(SigningKey key, String purpose, byte[] data, Principal who);

    /**
     * Encrypts a data key under the newest storage-kek version.
     *
     * @param dek 16 to 64 bytes; not kept, and left for the caller to wipe
     * @throws CustodyException KEY_MISSING, LEDGER_UNAVAILABLE, HSM_FAILURE or INVALID_INPUT
     */
    WrappedDek encryptDek(byte[] dek, String purpose, Principal who);

    /**
     * Decrypts a data key under the storage-kek version it names.
     *
     * @return a new array the caller owns and should wipe ({@code Arrays.fill(dek, (byte) 0)}) when done
     * @throws CustodyException TAMPERED_CIPHERTEXT (tampered ciphertext or wrong purpose), KEY_DESTROYED,
     *                          KEY_MISSING, LEDGER_UNAVAILABLE, HSM_FAILURE or INVALID_INPUT
     */
    byte[] decryptDek(WrappedDek wrapped, String purpose, Principal who);

    /**
     * The organisation keys present in the token, signing keys first, then storage-kek versions in order.
     * Reading public facts is not a use of a key and is not recorded.
     *
     * @throws CustodyException HSM_FAILURE
     */
    List<KeyDescription> describe();

    /**
     * The {@code device-ca} certificate: the self-signed organisation root that clients pin.
     *
     * @throws CustodyException KEY_MISSING or HSM_FAILURE
     */
    X509Certificate rootCertificate();

    /**
     * The {@code audit-checkpoint} certificate, issued by the root, so an auditor who holds only the root can
     * trust checkpoint signatures.
     *
     * @throws CustodyException KEY_MISSING or HSM_FAILURE
     */
    X509Certificate checkpointCertificate();
}
