// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.ecc.ECPublicKey;
import org.signal.libsignal.protocol.kem.KEMPublicKey;

/**
 * Checks a registration with libsignal before anything is stored: the identity key, every prekey, and every
 * prekey signature (XEdDSA by the identity key over the serialized public key, as libsignal's clients sign).
 */
@ApplicationScoped
public class DeviceKeyVerifier {

    DeviceKeys verify(RegisterDeviceRequest request) {
        byte[] identityBytes = decode(request.identityKey());
        IdentityKey identity;
        try {
            identity = new IdentityKey(identityBytes);
        } catch (InvalidKeyException | RuntimeException e) {
            throw new DeviceException(DeviceException.Reason.MALFORMED_KEY);
        }
        ECPublicKey signer = identity.getPublicKey();
        PublishedKey signed = signedEc(signer, request.signedPreKey());
        PublishedKey lastResort = signedKyber(signer, request.pqLastResortPreKey());
        List<PublishedKey> preKeys = oneTimeEc(request.preKeys());
        List<PublishedKey> pqPreKeys = oneTimeKyber(signer, request.pqPreKeys());
        return new DeviceKeys(identity.serialize(), request.registrationId(), signed, lastResort, preKeys, pqPreKeys);
    }

    /**
     * Checks a refill or rotation with the same rules as a registration, against the identity key the device
     * registered with.
     *
     * @param identityKey the stored serialized identity key, verified at registration
     */
    PreKeyUpload verify(byte[] identityKey, SetPreKeysRequest request) {
        ECPublicKey signer;
        try {
            signer = new IdentityKey(identityKey).getPublicKey();
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("a stored identity key does not parse", e);
        }
        PublishedKey signed = request.signedPreKey() == null ? null : signedEc(signer, request.signedPreKey());
        PublishedKey lastResort = request.pqLastResortPreKey() == null ? null : signedKyber(signer, request.pqLastResortPreKey());
        return new PreKeyUpload(signed, lastResort, oneTimeEc(request.preKeys()), oneTimeKyber(signer, request.pqPreKeys()));
    }

    private static List<PublishedKey> oneTimeEc(List<PreKeyRequest> requests) {
        List<PublishedKey> preKeys = new ArrayList<>();
        for (PreKeyRequest preKey : requests) {
            byte[] publicKey = decode(preKey.publicKey());
            parseEc(publicKey);
            preKeys.add(new PublishedKey(preKey.keyId(), publicKey, null));
        }
        requireDistinctIds(preKeys);
        return List.copyOf(preKeys);
    }

    private static List<PublishedKey> oneTimeKyber(ECPublicKey signer, List<SignedPreKeyRequest> requests) {
        List<PublishedKey> pqPreKeys = new ArrayList<>();
        for (SignedPreKeyRequest preKey : requests) {
            pqPreKeys.add(signedKyber(signer, preKey));
        }
        requireDistinctIds(pqPreKeys);
        return List.copyOf(pqPreKeys);
    }

    private static PublishedKey signedEc(ECPublicKey signer, SignedPreKeyRequest key) {
        byte[] publicKey = decode(key.publicKey());
        parseEc(publicKey);
        return checkSignature(signer, key, publicKey);
    }

    private static PublishedKey signedKyber(ECPublicKey signer, SignedPreKeyRequest key) {
        byte[] publicKey = decode(key.publicKey());
        try {
            new KEMPublicKey(publicKey);
        } catch (InvalidKeyException | RuntimeException e) {
            throw new DeviceException(DeviceException.Reason.MALFORMED_KEY);
        }
        return checkSignature(signer, key, publicKey);
    }

    private static PublishedKey checkSignature(ECPublicKey signer, SignedPreKeyRequest key, byte[] publicKey) {
        byte[] signature = decode(key.signature());
        if (!signer.verifySignature(publicKey, signature)) {
            throw new DeviceException(DeviceException.Reason.BAD_SIGNATURE);
        }
        return new PublishedKey(key.keyId(), publicKey, signature);
    }

    private static void parseEc(byte[] publicKey) {
        try {
            new ECPublicKey(publicKey);
        } catch (InvalidKeyException | RuntimeException e) {
            throw new DeviceException(DeviceException.Reason.MALFORMED_KEY);
        }
    }

    private static void requireDistinctIds(List<PublishedKey> keys) {
        Set<Integer> seen = new HashSet<>();
        for (PublishedKey key : keys) {
            if (!seen.add(key.keyId())) {
                throw new DeviceException(DeviceException.Reason.DUPLICATE_KEY_ID);
            }
        }
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new DeviceException(DeviceException.Reason.MALFORMED_KEY);
        }
    }
}
