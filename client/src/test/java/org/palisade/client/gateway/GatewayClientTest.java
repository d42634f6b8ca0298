// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.palisade.client.gateway.TestMessaging.freshDevice;
import static org.palisade.client.gateway.TestMessaging.idFor;
import static org.palisade.client.gateway.TestMessaging.toEveryDevice;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.palisade.client.auth.LoginException;
import org.signal.libsignal.protocol.ecc.ECKeyPair;

/** The SDK's REST calls against a real gateway process of the local stack. */
class GatewayClientTest {

  private static final int ALICE_SENDER = 81;
  private static final int BOB_FIRST = 82;
  private static final int BOB_SECOND = 83;

  private static LocalGateway gateway;
  private static GatewayClient alice;
  private static GatewayClient bob;
  private static final TestDevice bobFirstKeys = new TestDevice(8201);

  @BeforeAll
  static void devices() throws Exception {
    gateway = LocalGateway.get();
    alice = gateway.clientOf("alice");
    bob = gateway.clientOf("bob");
    freshDevice(alice, ALICE_SENDER, new TestDevice(8101));
    freshDevice(bob, BOB_FIRST, bobFirstKeys);
    freshDevice(bob, BOB_SECOND, new TestDevice(8301));
  }

  @Test
  void meIsTheCaller() throws Exception {
    Me me = alice.me();

    assertThat(me.username()).isEqualTo("alice");
    assertThat(me.roles()).contains("staff");
    assertThat(UUID.fromString(me.subject()).toString()).isEqualTo(me.subject());
  }

  @Test
  void registrationReturnsTheOrganisationsCertificateUntilRevoked() throws Exception {
    TestDevice keys = new TestDevice(8401);
    RegisteredDevice registered = freshDevice(alice, 84, keys);

    assertThat(registered.deviceId()).isEqualTo(84);
    assertThat(registered.created()).isTrue();
    X509Certificate certificate = certificate(registered.certificateDer());
    X509Certificate root = orgRoot();
    certificate.verify(root.getPublicKey());
    assertThat(certificate.getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal());
    assertThat(certificate.getSubjectX500Principal().getName())
        .contains("CN=alice/84", "UID=" + alice.me().subject());

    // the same identity key again: fresh prekeys, the same certificate
    RegisteredDevice again = alice.registerDevice(84, keys.registration(1, 1));
    assertThat(again.created()).isFalse();
    assertThat(again.certificate()).isEqualTo(registered.certificate());
    // another identity key for a live device id
    assertThatThrownBy(() -> alice.registerDevice(84, new TestDevice(8402).registration(0, 0)))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.status()).isEqualTo(409);
              assertThat(e.problemSlug()).isEqualTo("identity-key-conflict");
              assertThat(e.title()).isEqualTo("Device registered with another identity key");
            });

    // earlier registrations of the same device id are listed too, revoked
    Device listed = find(alice.myDevices(), registered.certificate());
    assertThat(listed.live()).isTrue();
    assertThat(listed.registrationId()).isEqualTo(8401);
    assertThat(listed.certificate()).isEqualTo(registered.certificate());
    assertThat(listed.created()).isCloseTo(Instant.now(), within(5, ChronoUnit.MINUTES));

    alice.revokeDevice(84);

    Device revoked = find(alice.myDevices(), registered.certificate());
    assertThat(revoked.live()).isFalse();
    assertThat(revoked.revoked()).isCloseTo(Instant.now(), within(5, ChronoUnit.MINUTES));
    String serial = certificate.getSerialNumber().toString(16);
    assertThat(alice.revokedCertificates())
        .anySatisfy(
            revokedCertificate -> {
              assertThat(revokedCertificate.serialNumber()).isEqualTo(serial);
              assertThat(revokedCertificate.revokedAt()).isEqualTo(revoked.revoked());
            });
    assertThat(bob.bundles("alice")).noneMatch(bundle -> bundle.deviceId() == 84);
    assertThatThrownBy(() -> alice.revokeDevice(84))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.problemType()).isEqualTo("urn:palisade:problem:device-not-found");
              assertThat(e.getMessage())
                  .isEqualTo(
                      "gateway refused the request: HTTP 404 urn:palisade:problem:device-not-found"
                          + " (Device not found)");
            });
  }

  @Test
  void aBrokenKeyIsRefusedWithItsProblem() {
    DeviceRegistration good = new TestDevice(8501).registration(0, 0);
    DeviceRegistration broken =
        new DeviceRegistration(
            Base64.getEncoder().encodeToString(new byte[33]),
            good.registrationId(),
            good.signedPreKey(),
            good.pqLastResortPreKey(),
            List.of(),
            List.of());

    assertThatThrownBy(() -> alice.registerDevice(85, broken))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(GatewayException.Reason.REFUSED);
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.problemSlug()).isEqualTo("malformed-key");
              assertThat(e.title()).isEqualTo("Malformed key");
              assertThat(e.detail())
                  .isEqualTo(
                      "A key or signature is not valid base64 or not a valid libsignal key.");
            });
  }

  @Test
  void bundlesCarryTheRegisteredKeys() throws Exception {
    DeviceBundle bundle = bundle(alice.bundles("bob"), BOB_FIRST);

    assertThat(bundle.registrationId()).isEqualTo(8201);
    assertThat(bundle.identityKey()).isEqualTo(bobFirstKeys.identityKey());
    X509Certificate certificate = certificate(Base64.getDecoder().decode(bundle.certificate()));
    assertThat(certificate.getSubjectX500Principal().getName()).contains("CN=bob/" + BOB_FIRST);
    assertThat(bundle.signedPreKey().keyId()).isEqualTo(1);
    assertThat(bundle.signedPreKey().signature()).isNotBlank();
    assertThat(bundle.pqPreKey().keyId()).isIn(200, 201, 2);
    if (bundle.preKey() != null) {
      assertThat(bundle.preKey().keyId()).isIn(100, 101);
    }
  }

  @Test
  void preKeysAreCountedAndRefilled() throws Exception {
    TestDevice keys = new TestDevice(8601);
    freshDevice(alice, 86, keys);
    try {
      assertThat(alice.preKeyCounts(86)).isEqualTo(new PreKeyCounts(2, 2));

      PreKeyCounts refilled =
          alice.uploadPreKeys(
              86, PreKeyUpload.refill(keys.preKeys(300, 3), keys.pqPreKeys(400, 1)));
      assertThat(refilled).isEqualTo(new PreKeyCounts(5, 3));

      SignedPreKey rotated = keys.signed(7, ECKeyPair.generate().getPublicKey().serialize());
      assertThat(alice.uploadPreKeys(86, new PreKeyUpload(rotated, null, null, null)))
          .isEqualTo(new PreKeyCounts(5, 3));
      assertThat(bundle(bob.bundles("alice"), 86).signedPreKey()).isEqualTo(rotated);
      assertThat(alice.preKeyCounts(86)).isEqualTo(new PreKeyCounts(4, 2));

      // signed by another identity key
      SignedPreKey forged =
          new TestDevice(1).signed(8, ECKeyPair.generate().getPublicKey().serialize());
      assertThatThrownBy(() -> alice.uploadPreKeys(86, new PreKeyUpload(forged, null, null, null)))
          .isInstanceOfSatisfying(
              GatewayException.class,
              e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.problemSlug()).isEqualTo("bad-prekey-signature");
              });
    } finally {
      alice.revokeDevice(86);
    }
  }

  @Test
  void unknownUserIsNotFound() {
    assertThatThrownBy(() -> alice.bundles("nobody-" + UUID.randomUUID()))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.problemSlug()).isEqualTo("user-not-found");
              assertThat(e.title()).isEqualTo("User not found");
              assertThat(e.detail()).isEqualTo("No such user is known to the gateway.");
            });
  }

  @Test
  void submittedEnvelopesWaitInTheMailboxUntilAcknowledged() throws Exception {
    String text = "hello bob " + UUID.randomUUID();
    List<OutgoingEnvelope> envelopes = toEveryDevice(alice, "alice", ALICE_SENDER, "bob", text);
    Instant before = Instant.now();

    SubmitResult result = alice.submit(ALICE_SENDER, envelopes);

    assertThat(result.envelopes()).hasSize(envelopes.size());
    for (int i = 0; i < envelopes.size(); i++) {
      assertThat(result.envelopes().get(i).recipient()).isEqualTo(envelopes.get(i).recipient());
      assertThat(result.envelopes().get(i).deviceId()).isEqualTo(envelopes.get(i).deviceId());
    }
    assertThat(result.ids()).doesNotHaveDuplicates().allSatisfy(id -> UUID.fromString(id));
    assertThat(result.serverTime()).isCloseTo(before, within(1, ChronoUnit.MINUTES));

    String id = idFor(result, "bob", BOB_FIRST);
    DeliveredEnvelope delivered = awaitInMailbox(bob, BOB_FIRST, id);
    assertThat(delivered.sender()).isEqualTo("alice");
    assertThat(delivered.senderUserId()).isEqualTo(alice.me().subject());
    assertThat(delivered.senderDevice()).isEqualTo(ALICE_SENDER);
    assertThat(delivered.messageType()).isEqualTo("ciphertext");
    assertThat(delivered.knownMessageType()).contains(MessageType.CIPHERTEXT);
    assertThat(new String(delivered.ciphertext(), StandardCharsets.UTF_8)).isEqualTo(text);
    // the gateway stores the time to the millisecond
    assertThat(delivered.serverTime())
        .isEqualTo(result.serverTime().truncatedTo(ChronoUnit.MILLIS));

    bob.acknowledge(BOB_FIRST, id);

    assertThat(bob.fetchMailbox(BOB_FIRST, 100)).noneMatch(e -> e.id().equals(id));
    assertThatThrownBy(() -> bob.acknowledge(BOB_FIRST, id))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.problemSlug()).isEqualTo("envelope-not-found");
            });
    drain(bob, BOB_SECOND);
  }

  @Test
  void aStaleDeviceListIsParsedIntoTheMismatches() throws Exception {
    List<OutgoingEnvelope> envelopes = new ArrayList<>();
    for (OutgoingEnvelope envelope :
        toEveryDevice(alice, "alice", ALICE_SENDER, "bob", "to the wrong devices")) {
      if (envelope.recipient().equals("bob") && envelope.deviceId() == BOB_SECOND) {
        continue; // missing
      }
      if (envelope.recipient().equals("bob") && envelope.deviceId() == BOB_FIRST) {
        // made for an older registration of the device
        envelope =
            new OutgoingEnvelope("bob", BOB_FIRST, 4242, envelope.type(), envelope.content());
      }
      envelopes.add(envelope);
    }
    envelopes.add(OutgoingEnvelope.of("bob", 99, 4242, MessageType.PREKEY, new byte[] {1, 2, 3}));

    assertThatThrownBy(() -> alice.submit(ALICE_SENDER, envelopes))
        .isInstanceOfSatisfying(
            StaleDevicesException.class,
            e -> {
              assertThat(e.status()).isEqualTo(409);
              assertThat(e.problemType()).isEqualTo(StaleDevicesException.PROBLEM_TYPE);
              assertThat(e.title()).isEqualTo("Stale device list");
              assertThat(e.mismatches())
                  .extracting(DeviceListMismatch::recipient)
                  .containsExactly("bob");
              DeviceListMismatch bobs = e.mismatchFor("bob");
              assertThat(bobs.missingDevices()).contains(BOB_SECOND).doesNotContain(BOB_FIRST);
              assertThat(bobs.extraDevices()).containsExactly(99);
              assertThat(bobs.staleDevices()).containsExactly(BOB_FIRST);
              assertThat(bobs.devices())
                  .contains(
                      new DeviceListMismatch.CurrentDevice(BOB_FIRST, 8201),
                      new DeviceListMismatch.CurrentDevice(BOB_SECOND, 8301));
              assertThat(e.mismatchFor("alice")).isNull();
            });
  }

  @Test
  void attachmentsComeBackByteForByte() throws Exception {
    byte[] ciphertext = new byte[300 * 1024 + 7];
    new SecureRandom().nextBytes(ciphertext);

    String id = alice.uploadAttachment(ciphertext);

    assertThat(UUID.fromString(id).version()).isEqualTo(4);
    assertThat(bob.downloadAttachment(id)).isEqualTo(ciphertext);
    assertThatThrownBy(() -> bob.downloadAttachment(UUID.randomUUID().toString()))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.problemSlug()).isEqualTo("attachment-not-found");
            });
    assertThatThrownBy(() -> alice.uploadAttachment(new byte[0]))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.problemSlug()).isEqualTo("empty-attachment");
            });
  }

  @Test
  void anUnacceptedTokenIsA401WithoutTheToken() {
    String garbage = "garbage-token-" + UUID.randomUUID();
    GatewayClient client = new GatewayClient(gateway.base, gateway.tls, () -> garbage);

    assertThatThrownBy(client::me)
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(GatewayException.Reason.REFUSED);
              assertThat(e.status()).isEqualTo(401);
              assertThat(e.getMessage()).isEqualTo("gateway refused the request: HTTP 401");
              assertThat(e.getMessage()).doesNotContain(garbage);
            });
  }

  @Test
  void noTokenMeansNotLoggedIn() {
    GatewayClient client =
        new GatewayClient(
            gateway.base,
            gateway.tls,
            () -> {
              throw new LoginException(LoginException.Reason.SESSION_EXPIRED);
            });

    assertThatThrownBy(client::myDevices)
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(GatewayException.Reason.NOT_LOGGED_IN);
              assertThat(e.getCause()).isInstanceOf(LoginException.class);
              assertThat(e.getMessage())
                  .isEqualTo("not logged in: the login session has ended; log in again");
            });
  }

  // ---------------------------------------------------------------------------------------------

  private static DeliveredEnvelope awaitInMailbox(GatewayClient client, int deviceId, String id)
      throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      for (DeliveredEnvelope envelope : client.fetchMailbox(deviceId, 100)) {
        if (envelope.id().equals(id)) {
          return envelope;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("envelope " + id + " did not reach the mailbox");
  }

  private static void drain(GatewayClient client, int deviceId) throws GatewayException {
    for (DeliveredEnvelope envelope : client.fetchMailbox(deviceId, 100)) {
      client.acknowledge(deviceId, envelope.id());
    }
  }

  private static Device find(List<Device> devices, String certificate) {
    return devices.stream()
        .filter(device -> device.certificate().equals(certificate))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no device with that certificate"));
  }

  private static DeviceBundle bundle(List<DeviceBundle> bundles, int deviceId) {
    return bundles.stream()
        .filter(bundle -> bundle.deviceId() == deviceId)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no bundle for device " + deviceId));
  }

  private static X509Certificate certificate(byte[] der) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
  }

  private static X509Certificate orgRoot() throws Exception {
    try (InputStream in =
        Files.newInputStream(gateway.stack.home().root().resolve("org-root.pem"))) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }
}
