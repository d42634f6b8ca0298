// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyType;

/** A device's keys made by libsignal as a client makes them, and the registration body that publishes them. */
public final class DeviceKeysFixture {

    public final IdentityKeyPair identity = IdentityKeyPair.generate();

    /** A registration body as a JSON-ready map, so tests can break one field. */
    public Map<String, Object> registration(int oneTimeEc, int oneTimeKyber) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("identityKey", b64(identity.getPublicKey().serialize()));
        body.put("registrationId", 4242);
        body.put("signedPreKey", signed(1, ECKeyPair.generate().getPublicKey().serialize()));
        body.put("pqLastResortPreKey", signed(2, KEMKeyPair.generate(KEMKeyType.KYBER_1024).getPublicKey().serialize()));
        List<Map<String, Object>> preKeys = new ArrayList<>();
        for (int i = 0; i < oneTimeEc; i++) {
            preKeys.add(Map.of("keyId", 100 + i, "publicKey", b64(ECKeyPair.generate().getPublicKey().serialize())));
        }
        List<Map<String, Object>> pqPreKeys = new ArrayList<>();
        for (int i = 0; i < oneTimeKyber; i++) {
            pqPreKeys.add(signed(200 + i, KEMKeyPair.generate(KEMKeyType.KYBER_1024).getPublicKey().serialize()));
        }
        body.put("preKeys", preKeys);
        body.put("pqPreKeys", pqPreKeys);
        return body;
    }

    /** A refill body: {@code ec} one-time EC prekeys and {@code kyber} one-time Kyber prekeys from key id {@code firstId}. */
    Map<String, Object> refill(int firstId, int ec, int kyber) {
        Map<String, Object> body = new LinkedHashMap<>();
        List<Map<String, Object>> preKeys = new ArrayList<>();
        for (int i = 0; i < ec; i++) {
            preKeys.add(Map.of("keyId", firstId + i, "publicKey", b64(ECKeyPair.generate().getPublicKey().serialize())));
        }
        List<Map<String, Object>> pqPreKeys = new ArrayList<>();
        for (int i = 0; i < kyber; i++) {
            pqPreKeys.add(signed(firstId + i, KEMKeyPair.generate(KEMKeyType.KYBER_1024).getPublicKey().serialize()));
        }
        body.put("preKeys", preKeys);
        body.put("pqPreKeys", pqPreKeys);
        return body;
    }

    /** A new signed EC prekey, signed by this device's identity key. */
    Map<String, Object> signedEcPreKey(int keyId) {
        return signed(keyId, ECKeyPair.generate().getPublicKey().serialize());
    }

    Map<String, Object> signed(int keyId, byte[] publicKey) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("keyId", keyId);
        key.put("publicKey", b64(publicKey));
        key.put("signature", b64(identity.getPrivateKey().calculateSignature(publicKey)));
        return key;
    }

    static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
