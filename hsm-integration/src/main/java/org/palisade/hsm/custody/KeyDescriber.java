// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.custody;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.palisade.hsm.custody.KeyDescription.Type;
import org.palisade.hsm.custody.KeyDescription.Usage;

/** Public facts about organisation keys, in forms standard tools reproduce (PEM, SHA-256 of the SPKI). */
final class KeyDescriber {

    private static final Base64.Encoder PEM_BODY = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    KeyDescription signingKey(SigningKey key, X509Certificate certificate) {
        byte[] subjectPublicKeyInfo = certificate.getPublicKey().getEncoded();
        return new KeyDescription(key.alias(), key.alias(), Type.EC_P256, 1,
                Optional.of(certificate.getNotBefore().toInstant()), Usage.SIGN,
                Optional.of(pem(subjectPublicKeyInfo)), Optional.of(fingerprint(subjectPublicKeyInfo)));
    }

    KeyDescription storageKek(int version) {
        return new KeyDescription(StorageKek.alias(version), StorageKek.NAME, Type.AES_256, version, Optional.empty(),
                Usage.DEK_ENCRYPTION, Optional.empty(), Optional.empty());
    }

    static String pem(byte[] subjectPublicKeyInfo) {
        return "-----BEGIN PUBLIC KEY-----\n" + PEM_BODY.encodeToString(subjectPublicKeyInfo)
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** Lower-case hex SHA-256 of the DER SubjectPublicKeyInfo. */
    static String fingerprint(byte[] subjectPublicKeyInfo) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(subjectPublicKeyInfo));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
