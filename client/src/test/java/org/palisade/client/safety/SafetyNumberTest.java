// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.fingerprint.NumericFingerprintGenerator;

class SafetyNumberTest {

  private final Participant alice = participant(UUID.fromString("8b1f3c1e-2d4a-4c55-9a6e-0f2b7d9e1a01"));
  private final Participant bob = participant(UUID.fromString("c7e2a9d4-5b3f-4e11-8d2c-6a4f0b8e3c02"));
  private final Participant mallory = participant(UUID.fromString("1d9e4f7a-3c2b-4a88-b5e1-9c7d2f0a4b03"));

  @Test
  void bothSidesComputeTheSameDigits() {
    SafetyNumber aliceView = SafetyNumber.between(alice, bob);
    SafetyNumber bobView = SafetyNumber.between(bob, alice);

    assertThat(aliceView.digits()).isEqualTo(bobView.digits());
    assertThat(aliceView.displayText()).isEqualTo(bobView.displayText());
  }

  @Test
  void isSixtyDigitsShownInTwelveGroupsOfFive() {
    SafetyNumber number = SafetyNumber.between(alice, bob);

    assertThat(number.digits()).hasSize(60).matches("[0-9]{60}");
    assertThat(number.groups()).hasSize(12).allSatisfy(group -> assertThat(group).matches("[0-9]{5}"));
    assertThat(String.join("", number.groups())).isEqualTo(number.digits());
    assertThat(number.displayText()).matches("[0-9]{5}( [0-9]{5}){11}");
  }

  @Test
  void changesWhenOneIdentityKeyChanges() {
    Participant bobOnNewDevice = new Participant(bob.userId(), IdentityKeyPair.generate().getPublicKey());

    assertThat(SafetyNumber.between(alice, bobOnNewDevice).digits())
        .isNotEqualTo(SafetyNumber.between(alice, bob).digits());
  }

  @Test
  void changesWhenAUserIdChanges() {
    Participant sameKeyOtherUser = new Participant(mallory.userId(), bob.identityKey());

    assertThat(SafetyNumber.between(alice, sameKeyOtherUser).digits())
        .isNotEqualTo(SafetyNumber.between(alice, bob).digits());
  }

  @Test
  void isLibsignalsVersionTwoFingerprintOverTheSixteenByteUserIds() {
    String expected =
        new NumericFingerprintGenerator(5200)
            .createFor(
                2,
                uuidBytes(alice.userId()),
                alice.identityKey(),
                uuidBytes(bob.userId()),
                bob.identityKey())
            .getDisplayableFingerprint()
            .getDisplayText();

    assertThat(SafetyNumber.between(alice, bob).digits()).isEqualTo(expected);
  }

  @Test
  void scannedCodeFromThePeerMatches() throws Exception {
    SafetyNumber aliceView = SafetyNumber.between(alice, bob);
    SafetyNumber bobView = SafetyNumber.between(bob, alice);

    assertThat(aliceView.matchesScanned(bobView.scannable())).isTrue();
    assertThat(bobView.matchesScanned(aliceView.scannable())).isTrue();
  }

  @Test
  void scannedCodeFromAThirdPartyDoesNotMatch() throws Exception {
    SafetyNumber aliceWithBob = SafetyNumber.between(alice, bob);
    // a machine in the middle shows Alice a code for its own key under Bob's name
    SafetyNumber fromMallory = SafetyNumber.between(new Participant(bob.userId(), mallory.identityKey()), alice);
    SafetyNumber malloryWithBob = SafetyNumber.between(mallory, bob);

    assertThat(aliceWithBob.matchesScanned(fromMallory.scannable())).isFalse();
    assertThat(aliceWithBob.matchesScanned(malloryWithBob.scannable())).isFalse();
  }

  @Test
  void ownScannedCodeDoesNotMatchThoughTheBytesAreEqual() throws Exception {
    // byte equality would accept a code photographed from one's own screen; libsignal's compare does not
    SafetyNumber aliceView = SafetyNumber.between(alice, bob);

    assertThat(aliceView.matchesScanned(aliceView.scannable())).isFalse();
  }

  @Test
  void scannableIsACopy() {
    SafetyNumber number = SafetyNumber.between(alice, bob);
    byte[] first = number.scannable();
    first[first.length - 1] ^= 1;

    assertThat(number.scannable()).isNotEqualTo(first);
  }

  @Test
  void garbageIsUnreadableNotAMismatch() {
    SafetyNumber number = SafetyNumber.between(alice, bob);

    assertThatThrownBy(() -> number.matchesScanned(new byte[] {1, 2, 3, 4}))
        .isInstanceOfSatisfying(
            UnreadableSafetyNumberException.class,
            e -> assertThat(e.reason()).isEqualTo(UnreadableSafetyNumberException.Reason.MALFORMED));
  }

  @Test
  void codeOfAnotherFormatVersionIsUnreadableNotAMismatch() {
    SafetyNumber number = SafetyNumber.between(alice, bob);
    byte[] versionOne =
        new NumericFingerprintGenerator(5200)
            .createFor(1, uuidBytes(bob.userId()), bob.identityKey(), uuidBytes(alice.userId()), alice.identityKey())
            .getScannableFingerprint()
            .getSerialized();

    assertThatThrownBy(() -> number.matchesScanned(versionOne))
        .isInstanceOfSatisfying(
            UnreadableSafetyNumberException.class,
            e -> assertThat(e.reason()).isEqualTo(UnreadableSafetyNumberException.Reason.OTHER_VERSION));
  }

  @Test
  void keepsIdsAndDigitsOutOfToString() {
    SafetyNumber number = SafetyNumber.between(alice, bob);

    assertThat(number.toString()).doesNotContain(number.groups().get(0));
    assertThat(alice.toString()).doesNotContain(alice.userId().toString());
  }

  private static Participant participant(UUID userId) {
    return new Participant(userId, IdentityKeyPair.generate().getPublicKey());
  }

  private static byte[] uuidBytes(UUID id) {
    return ByteBuffer.allocate(16)
        .putLong(id.getMostSignificantBits())
        .putLong(id.getLeastSignificantBits())
        .array();
  }
}
