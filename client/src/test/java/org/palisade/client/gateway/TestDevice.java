// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.gateway;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyType;

/** A device's keys made by libsignal as a client makes them, and the bodies that publish them. */
final class TestDevice {

  final IdentityKeyPair identity = IdentityKeyPair.generate();
  final int registrationId;

  TestDevice(int registrationId) {
    this.registrationId = registrationId;
  }

  String identityKey() {
    return b64(identity.getPublicKey().serialize());
  }

  /**
   * Signed EC prekey 1, Kyber last-resort prekey 2, one-time EC prekeys from 100, Kyber from 200.
   */
  DeviceRegistration registration(int oneTimeEc, int oneTimeKyber) {
    return new DeviceRegistration(
        identityKey(),
        registrationId,
        signed(1, ECKeyPair.generate().getPublicKey().serialize()),
        signed(2, KEMKeyPair.generate(KEMKeyType.KYBER_1024).getPublicKey().serialize()),
        preKeys(100, oneTimeEc),
        pqPreKeys(200, oneTimeKyber));
  }

  List<PreKey> preKeys(int firstId, int count) {
    List<PreKey> keys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      keys.add(new PreKey(firstId + i, b64(ECKeyPair.generate().getPublicKey().serialize())));
    }
    return keys;
  }

  List<SignedPreKey> pqPreKeys(int firstId, int count) {
    List<SignedPreKey> keys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      keys.add(
          signed(
              firstId + i, KEMKeyPair.generate(KEMKeyType.KYBER_1024).getPublicKey().serialize()));
    }
    return keys;
  }

  SignedPreKey signed(int keyId, byte[] publicKey) {
    return new SignedPreKey(
        keyId, b64(publicKey), b64(identity.getPrivateKey().calculateSignature(publicKey)));
  }

  static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
