// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.Test;
import org.palisade.client.safety.Participant;
import org.palisade.client.safety.SafetyNumber;
import org.palisade.client.trust.UntrustedDeviceException.Reason;
import org.signal.libsignal.protocol.IdentityKeyPair;

class DeviceCertificateVerifierTest {

  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final String USERNAME = "bob";
  private static final int DEVICE_ID = 3;

  private final TestOrganisation organisation =
      TestOrganisation.create(TestOrganisation.ROOT_SUBJECT, NOW.minus(Duration.ofDays(30)));
  private final UUID userId = UUID.randomUUID();
  private final byte[] identityKey = IdentityKeyPair.generate().getPublicKey().serialize();
  private final DeviceCertificateVerifier verifier = verifierAt(NOW);
  private final RevocationList nothingRevoked = RevocationList.parse("{\"certificates\": []}");

  @Test
  void aCertificateAsTheGatewayIssuesItVerifies() throws Exception {
    TestOrganisation.Device device = device();

    VerifiedDevice verified =
        verifier.verify(organisation.issue(device), USERNAME, DEVICE_ID, identityKey, nothingRevoked);

    assertThat(verified.userId()).isEqualTo(userId);
    assertThat(verified.username()).isEqualTo(USERNAME);
    assertThat(verified.deviceId()).isEqualTo(DEVICE_ID);
    assertThat(verified.identityKey().serialize()).isEqualTo(identityKey);
    assertThat(verified.serialNumber()).isEqualTo(device.serial.toString(16));
    assertThat(verified.notAfter())
        .isEqualTo(NOW.minus(Duration.ofDays(1)).plus(TestOrganisation.VALIDITY));
    assertThat(verified.toString()).doesNotContain(USERNAME).doesNotContain(userId.toString());
  }

  @Test
  void verifiesByUserIdToo() throws Exception {
    VerifiedDevice verified =
        verifier.verify(organisation.issue(device()), userId, DEVICE_ID, identityKey, nothingRevoked);

    assertThat(verified.userId()).isEqualTo(userId);
  }

  @Test
  void theVerifiedDeviceIsTheRemoteSideOfASafetyNumber() throws Exception {
    VerifiedDevice bob =
        verifier.verify(organisation.issue(device()), USERNAME, DEVICE_ID, identityKey, nothingRevoked);
    Participant alice = new Participant(UUID.randomUUID(), IdentityKeyPair.generate().getPublicKey());

    assertThat(SafetyNumber.between(alice, bob.participant()).digits())
        .isEqualTo(SafetyNumber.between(bob.participant(), alice).digits());
  }

  @Test
  void aCertificateFromAnotherRootWithTheSameNameHasABadSignature() {
    TestOrganisation impostor =
        TestOrganisation.create(TestOrganisation.ROOT_SUBJECT, NOW.minus(Duration.ofDays(30)));

    assertRefused(impostor.issue(device()), Reason.BAD_SIGNATURE);
  }

  @Test
  void aCertificateFromAnotherIssuerHasABadSignature() {
    TestOrganisation other =
        TestOrganisation.create(new X500Name("CN=Someone else's root"), NOW.minus(Duration.ofDays(30)));

    assertRefused(other.issue(device()), Reason.BAD_SIGNATURE);
  }

  @Test
  void aCertificateChangedAfterSigningHasABadSignature() {
    byte[] certificate = organisation.issue(device());
    byte[] name = (USERNAME + "/" + DEVICE_ID).getBytes(StandardCharsets.UTF_8);
    int at = indexOf(certificate, name);
    assertThat(at).isPositive();
    certificate[at] = 'r'; // "rob/3": same length, so the DER stays well formed

    assertRefused(certificate, Reason.BAD_SIGNATURE);
  }

  @Test
  void anExpiredCertificateIsRefused() {
    TestOrganisation.Device device = device();
    device.issuedAt = NOW.minus(TestOrganisation.VALIDITY).minusSeconds(1);

    assertRefused(organisation.issue(device), Reason.EXPIRED);
  }

  @Test
  void aCertificateNotValidYetIsRefused() {
    TestOrganisation.Device device = device();
    device.issuedAt = NOW.plus(Duration.ofHours(1));

    assertRefused(organisation.issue(device), Reason.NOT_YET_VALID);
  }

  @Test
  void aClockRunningAFewMinutesBehindIsCoveredByTheBackdating() throws Exception {
    TestOrganisation.Device device = device();
    device.issuedAt = NOW.plus(Duration.ofMinutes(4));

    verifier.verify(organisation.issue(device), USERNAME, DEVICE_ID, identityKey, nothingRevoked);
  }

  @Test
  void anExpiredRootIsRefused() {
    TestOrganisation old =
        TestOrganisation.create(TestOrganisation.ROOT_SUBJECT, NOW.minus(Duration.ofDays(3700)));
    TestOrganisation.Device device = device();
    device.validity = Duration.ofDays(3650);
    byte[] certificate = old.issue(device);

    assertThatThrownBy(
            () ->
                new DeviceCertificateVerifier(old.root, Clock.fixed(NOW, ZoneOffset.UTC))
                    .verify(certificate, USERNAME, DEVICE_ID, identityKey, nothingRevoked))
        .isInstanceOfSatisfying(
            UntrustedDeviceException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.EXPIRED);
              assertThat(e.getMessage()).contains("root");
            });
  }

  @Test
  void anotherDeviceIdIsTheWrongDevice() {
    TestOrganisation.Device device = device();
    device.deviceId = DEVICE_ID + 1;

    assertRefused(organisation.issue(device), Reason.WRONG_DEVICE);
  }

  @Test
  void anotherIdentityKeyIsAKeyMismatch() {
    TestOrganisation.Device device = device();
    device.identityKey = IdentityKeyPair.generate().getPublicKey().serialize();

    assertRefused(organisation.issue(device), Reason.KEY_MISMATCH);
  }

  @Test
  void anotherUsernameIsTheWrongUser() {
    TestOrganisation.Device device = device();
    device.username = "mallory";

    assertRefused(organisation.issue(device), Reason.WRONG_USER);
  }

  @Test
  void anotherUserIdIsTheWrongUser() {
    TestOrganisation.Device device = device();
    device.userId = UUID.randomUUID();
    byte[] certificate = organisation.issue(device);

    assertThatThrownBy(
            () -> verifier.verify(certificate, userId, DEVICE_ID, identityKey, nothingRevoked))
        .isInstanceOfSatisfying(
            UntrustedDeviceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_USER));
  }

  @Test
  void aRevokedSerialIsRefused() {
    TestOrganisation.Device device = device();
    RevocationList revoked =
        RevocationList.parse(
            "{\"certificates\": [{\"serialNumber\": \""
                + device.serial.toString(16)
                + "\", \"revokedAt\": \"2026-05-31T09:00:00Z\"}]}");

    assertRefused(organisation.issue(device), Reason.REVOKED, revoked);
  }

  @Test
  void anotherRevokedSerialDoesNotMatter() throws Exception {
    RevocationList revoked =
        RevocationList.parse(
            "{\"certificates\": [{\"serialNumber\": \"1f\", \"revokedAt\": \"2026-05-31T09:00:00Z\"}]}");

    verifier.verify(organisation.issue(device()), USERNAME, DEVICE_ID, identityKey, revoked);
  }

  @Test
  void garbageIsMalformed() {
    assertRefused(TestOrganisation.randomBytes(300), Reason.MALFORMED);
    assertRefused(new byte[0], Reason.MALFORMED);
  }

  @Test
  void onlyExactlyOneDerCertificateIsAccepted() {
    byte[] certificate = organisation.issue(device());
    byte[] pem =
        ("-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder().encodeToString(certificate)
                + "\n-----END CERTIFICATE-----\n")
            .getBytes(StandardCharsets.US_ASCII);

    assertRefused(pem, Reason.MALFORMED);
    assertRefused(Arrays.copyOf(certificate, certificate.length + 1), Reason.MALFORMED);
  }

  @Test
  void aDeviceIdExtensionThatDisagreesWithTheSubjectIsMalformed() {
    TestOrganisation.Device device = device();
    device.deviceIdExtension = DEVICE_ID + 1;

    assertRefused(organisation.issue(device), Reason.MALFORMED);
  }

  @Test
  void messagesNameTheReasonAndNoIdentifiers() {
    TestOrganisation.Device device = device();
    device.identityKey = IdentityKeyPair.generate().getPublicKey().serialize();
    byte[] certificate = organisation.issue(device);

    assertThatThrownBy(
            () -> verifier.verify(certificate, USERNAME, DEVICE_ID, identityKey, nothingRevoked))
        .isInstanceOfSatisfying(
            UntrustedDeviceException.class,
            e ->
                assertThat(e.getMessage())
                    .contains("KEY_MISMATCH")
                    .doesNotContain(USERNAME + "/")
                    .doesNotContain(userId.toString())
                    .doesNotContain(HexFormat.of().formatHex(identityKey))
                    .doesNotContain(HexFormat.of().formatHex(device.identityKey))
                    .doesNotContain(Base64.getEncoder().encodeToString(identityKey))
                    .doesNotContain(Base64.getEncoder().encodeToString(device.identityKey)));
  }

  @Test
  void refusesARootThatIsNotACa() throws Exception {
    X509Certificate notARoot =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(organisation.issue(device())));

    assertThatThrownBy(() -> new DeviceCertificateVerifier(notARoot, Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private TestOrganisation.Device device() {
    return new TestOrganisation.Device(
        userId, USERNAME, DEVICE_ID, identityKey.clone(), NOW.minus(Duration.ofDays(1)));
  }

  private DeviceCertificateVerifier verifierAt(Instant now) {
    return new DeviceCertificateVerifier(organisation.root, Clock.fixed(now, ZoneOffset.UTC));
  }

  private void assertRefused(byte[] certificate, Reason reason) {
    assertRefused(certificate, reason, nothingRevoked);
  }

  private void assertRefused(byte[] certificate, Reason reason, RevocationList revoked) {
    ThrowingCallable verify =
        () -> verifier.verify(certificate, USERNAME, DEVICE_ID, identityKey, revoked);
    assertThatThrownBy(verify)
        .isInstanceOfSatisfying(
            UntrustedDeviceException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.getMessage()).contains(reason.name());
            });
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
