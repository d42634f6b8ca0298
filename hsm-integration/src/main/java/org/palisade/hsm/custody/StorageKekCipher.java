// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.custody;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.palisade.hsm.custody.CustodyException.Reason;

/**
 * AES-GCM encryption of DEK bytes inside the token (SunPKCS11 on JDK 17 has no AES key wrap). The AAD binds
 * the key id, its version and the purpose, so a wrapped DEK decrypts only under the version it names and the
 * purpose it was made for: {@code palisade-dek|v1|storage-kek|<version>|<purpose>} in UTF-8.
 */
final class StorageKekCipher {

    static final int MIN_DEK_BYTES = 16;
    static final int MAX_DEK_BYTES = 64;
    static final int TAG_BYTES = 16;
    // "AES/GCM/NoPadding", not "AES_256/...": a key reloaded from the token reports a wrong size to the latter
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final String AAD_PREFIX = "palisade-dek|v1|" + StorageKek.NAME + "|";

    private final Provider token;
    private final SecureRandom random;

    StorageKekCipher(Provider token, SecureRandom random) {
        this.token = token;
        this.random = random;
    }

    static byte[] aad(int version, String purpose) {
        return (AAD_PREFIX + version + "|" + purpose).getBytes(StandardCharsets.UTF_8);
    }

    static void requireDekLength(byte[] dek) {
        if (dek == null || dek.length < MIN_DEK_BYTES || dek.length > MAX_DEK_BYTES) {
            throw CustodyException.invalidInput("a DEK is " + MIN_DEK_BYTES + " to " + MAX_DEK_BYTES + " bytes");
        }
    }

    WrappedDek encrypt(SecretKey kek, int version, String purpose, byte[] dek) {
        byte[] iv = new byte[WrappedDek.IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION, token);
            cipher.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(TAG_BYTES * 8, iv));
            cipher.updateAAD(aad(version, purpose));
            return new WrappedDek(version, iv, cipher.doFinal(dek));
        } catch (GeneralSecurityException | ProviderException e) {
            throw new CustodyException(Reason.HSM_FAILURE, StorageKek.alias(version), e);
        }
    }

    /**
     * @throws CustodyException INVALID_INPUT if the ciphertext cannot hold a DEK and its tag; TAMPERED_CIPHERTEXT
     *                          if the tag does not verify; HSM_FAILURE
     */
    byte[] decrypt(SecretKey kek, WrappedDek wrapped, String purpose) {
        int version = wrapped.kekVersion();
        byte[] ciphertext = wrapped.ciphertext();
        int dekLength = ciphertext.length - TAG_BYTES;
        if (dekLength < MIN_DEK_BYTES || dekLength > MAX_DEK_BYTES) {
            throw new CustodyException(Reason.INVALID_INPUT, StorageKek.alias(version) + ": the ciphertext is not a "
                    + MIN_DEK_BYTES + " to " + MAX_DEK_BYTES + " byte DEK with its tag");
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION, token);
            cipher.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(TAG_BYTES * 8, wrapped.iv()));
            cipher.updateAAD(aad(version, purpose));
            // into a buffer of our own, wiped here, rather than one the provider allocates and leaves behind
            byte[] buffer = new byte[ciphertext.length];
            try {
                int length = cipher.doFinal(ciphertext, 0, ciphertext.length, buffer, 0);
                return Arrays.copyOf(buffer, length);
            } finally {
                Arrays.fill(buffer, (byte) 0);
            }
        } catch (BadPaddingException | IllegalBlockSizeException e) {
            // SunPKCS11 reports a failed tag check (CKR_ENCRYPTED_DATA_INVALID) as AEADBadTagException
            throw new CustodyException(Reason.TAMPERED_CIPHERTEXT, StorageKek.alias(version), e);
        } catch (GeneralSecurityException | ProviderException e) {
            throw new CustodyException(Reason.HSM_FAILURE, StorageKek.alias(version), e);
        }
    }
}
