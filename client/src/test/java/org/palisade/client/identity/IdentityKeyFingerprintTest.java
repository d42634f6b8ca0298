// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.IdentityKeyPair;

class IdentityKeyFingerprintTest {

  @Test
  void isSha256OfTheSerializedKey() throws Exception {
    byte[] serialized = new byte[33];
    serialized[0] = 0x05; // libsignal's Curve25519 type byte
    for (int i = 1; i <= 32; i++) {
      serialized[i] = (byte) i;
    }

    // expected value computed outside Java: sha256(bytes([5]) + bytes(range(1, 33)))
    assertThat(IdentityKeyFingerprint.of(new IdentityKey(serialized)).hex())
        .isEqualTo("94da8017804548b43cf7d99455724a9a7de527ff0895c9bfb0473562e3fb0637");
  }

  @Test
  void isStableForOneKeyAndDiffersBetweenKeys() throws Exception {
    IdentityKey key = IdentityKeyPair.generate().getPublicKey();
    IdentityKey sameKeyReloaded = new IdentityKey(key.serialize());
    IdentityKey otherKey = IdentityKeyPair.generate().getPublicKey();

    assertThat(IdentityKeyFingerprint.of(sameKeyReloaded)).isEqualTo(IdentityKeyFingerprint.of(key));
    assertThat(IdentityKeyFingerprint.of(otherKey)).isNotEqualTo(IdentityKeyFingerprint.of(key));
  }

  @Test
  void rejectsAnythingButSixtyFourLowercaseHexDigits() {
    assertThatThrownBy(() -> new IdentityKeyFingerprint("ABCD")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new IdentityKeyFingerprint("g".repeat(64)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
