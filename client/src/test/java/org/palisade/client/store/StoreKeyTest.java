// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

class StoreKeyTest {

  private static final byte[] SALT = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");

  @Test
  void isArgon2idOfTheUtf8PassphraseWithTheGivenParameters() {
    char[] passphrase = "pässwörd ☃".toCharArray();

    byte[] derived = StoreKey.fromPassphrase(passphrase, SALT, StoreFixtures.CHEAP_ARGON2).copyBytes();

    Argon2BytesGenerator reference = new Argon2BytesGenerator();
    reference.init(
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(1024)
            .withIterations(1)
            .withParallelism(1)
            .withSalt(SALT)
            .build());
    byte[] expected = new byte[32];
    reference.generateBytes("pässwörd ☃".getBytes(StandardCharsets.UTF_8), expected);
    assertThat(derived).isEqualTo(expected);
    assertThat(passphrase).containsExactly("pässwörd ☃".toCharArray());
  }

  @Test
  void dependsOnPassphraseAndSalt() {
    byte[] base = StoreKey.fromPassphrase("a".toCharArray(), SALT, StoreFixtures.CHEAP_ARGON2).copyBytes();
    byte[] otherPassphrase =
        StoreKey.fromPassphrase("b".toCharArray(), SALT, StoreFixtures.CHEAP_ARGON2).copyBytes();
    byte[] otherSalt = SALT.clone();
    otherSalt[0] ^= 1;
    byte[] otherSaltKey =
        StoreKey.fromPassphrase("a".toCharArray(), otherSalt, StoreFixtures.CHEAP_ARGON2).copyBytes();

    assertThat(base).hasSize(32).isNotEqualTo(otherPassphrase).isNotEqualTo(otherSaltKey);
  }

  @Test
  void defaultParametersAreSixtyFourMebibytesThreePassesOneLane() {
    assertThat(Argon2Settings.DEFAULT).isEqualTo(new Argon2Settings(65536, 3, 1));
    byte[] key = StoreKey.fromPassphrase("p".toCharArray(), SALT).copyBytes();
    assertThat(key)
        .isEqualTo(StoreKey.fromPassphrase("p".toCharArray(), SALT, Argon2Settings.DEFAULT).copyBytes());
  }

  @Test
  void refusesShortSaltsAndBadParameters() {
    assertThatThrownBy(() -> StoreKey.fromPassphrase("p".toCharArray(), new byte[15]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Argon2Settings(2 * 1024 * 1024, 3, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Argon2Settings(64, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StoreKey.fromPassphrase(new char[] {'\uD800'}, SALT))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hostKeysAreThirtyTwoBytesCopiedAndWipedOnDestroy() {
    byte[] host = new byte[32];
    host[0] = 7;
    StoreKey key = StoreKey.fromBytes(host);
    host[0] = 8;

    assertThat(key.copyBytes()[0]).isEqualTo((byte) 7);
    assertThat(key.toString()).doesNotContain("7");
    key.destroy();
    assertThat(key.isDestroyed()).isTrue();
    assertThatThrownBy(key::copyBytes).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> StoreKey.fromBytes(new byte[16])).isInstanceOf(IllegalArgumentException.class);
  }
}
