// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palisade.client.gateway.GatewayClient;
import org.palisade.client.store.ClientStore;
import org.palisade.client.store.PersistentSignalStore;
import org.palisade.client.trust.DeviceCertificateVerifier;
import org.palisade.client.trust.TestOrganisation;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyType;

/**
 * How the sender treats the recipient's devices, against a stand-in gateway: a 409 stale device list is
 * answered by dropping the stale session and sending again with a fresh one; a device whose certificate does
 * not chain to the pinned root, or is revoked, gets nothing, and nothing is sent to anyone.
 */
class RecipientDevicesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final UUID BOB = UUID.randomUUID();

  @TempDir Path home;

  private final TestOrganisation organisation =
      TestOrganisation.create(TestOrganisation.ROOT_SUBJECT, Instant.now().minus(Duration.ofDays(1)));
  private final IdentityKeyPair bobIdentity = IdentityKeyPair.generate();
  private FakeGateway gateway;
  private ClientStore store;
  private Messenger alice;

  @BeforeEach
  void setUp() throws Exception {
    gateway = new FakeGateway();
    store = ClientStore.create(home.resolve("store"), "recipient devices test".toCharArray());
    new PersistentSignalStore(store).initialise(IdentityKeyPair.generate(), 123);
    GatewayClient client = new GatewayClient(gateway.base(), null, () -> "token");
    alice = new Messenger(store, client, new DeviceCertificateVerifier(organisation.root, Clock.systemUTC()),
        new Self("alice", UUID.randomUUID(), 1), Clock.systemUTC(), new SecureRandom());
    gateway.answer("GET /v1/users/alice/devices/certificates", () -> ok("{\"devices\":[]}"));
    gateway.answer("GET /v1/revoked-certificates", () -> ok("{\"certificates\":[]}"));
  }

  @AfterEach
  void tearDown() {
    gateway.close();
    store.close();
  }

  @Test
  void aStaleDeviceListIsAnsweredWithAFreshSessionAndASecondTry() throws Exception {
    String certificate = certificate(organisation);
    gateway.answer("GET /v1/users/bob/devices/certificates", () -> ok(certifiedDevices(certificate)));
    AtomicInteger bundles = new AtomicInteger();
    gateway.answer("GET /v1/users/bob/devices", () -> {
      bundles.incrementAndGet();
      return ok(bundle(certificate));
    });
    AtomicInteger submits = new AtomicInteger();
    gateway.answer("POST /v1/devices/1/messages", () -> submits.incrementAndGet() == 1
        ? new FakeGateway.Answer(409, "{\"type\":\"urn:palisade:problem:stale-device-list\",\"title\":\"Stale\","
            + "\"status\":409,\"detail\":\"x\",\"mismatches\":[{\"recipient\":\"bob\",\"missingDevices\":[],"
            + "\"extraDevices\":[],\"staleDevices\":[1],\"devices\":[{\"deviceId\":1,\"registrationId\":78}]}]}")
        : ok("{\"serverTime\":\"2026-11-29T12:00:00Z\",\"envelopes\":[{\"recipient\":\"bob\",\"deviceId\":1,"
            + "\"id\":\"" + UUID.randomUUID() + "\"}]}"));

    alice.sendText("bob", "hello");

    assertThat(gateway.submissions).hasSize(2);
    assertThat(bundles.get()).as("the stale session was dropped and made again").isEqualTo(2);
    JsonNode second = JSON.readTree(gateway.submissions.get(1)).path("envelopes").get(0);
    assertThat(second.path("type").asText()).isEqualTo("prekey");
    assertThat(second.path("recipient").asText()).isEqualTo("bob");
  }

  @Test
  void aDeviceCertifiedByAnotherRootGetsNothing() throws Exception {
    TestOrganisation impostor = TestOrganisation.create(TestOrganisation.ROOT_SUBJECT, Instant.now().minus(Duration.ofDays(1)));
    String forged = certificate(impostor);
    gateway.answer("GET /v1/users/bob/devices/certificates", () -> ok(certifiedDevices(forged)));
    gateway.answer("GET /v1/users/bob/devices", () -> ok(bundle(forged)));

    assertThatThrownBy(() -> alice.sendText("bob", "for bob's eyes only"))
        .isInstanceOf(SendRefusedException.class).hasMessageContaining("not certified by the organisation");
    assertThat(gateway.submissions).as("nothing sent to anyone").isEmpty();
  }

  @Test
  void aRevokedDeviceGetsNothing() throws Exception {
    TestOrganisation.Device device = new TestOrganisation.Device(BOB, "bob", 1, bobIdentity.getPublicKey().serialize(),
        Instant.now().minus(Duration.ofHours(1)));
    String certificate = Base64.getEncoder().encodeToString(organisation.issue(device));
    gateway.answer("GET /v1/users/bob/devices/certificates", () -> ok(certifiedDevices(certificate)));
    gateway.answer("GET /v1/users/bob/devices", () -> ok(bundle(certificate)));
    gateway.answer("GET /v1/revoked-certificates", () -> ok("{\"certificates\":[{\"serialNumber\":\""
        + device.serial.toString(16) + "\",\"revokedAt\":\"2026-11-29T00:00:00Z\"}]}"));

    assertThatThrownBy(() -> alice.sendText("bob", "hello")).isInstanceOf(SendRefusedException.class)
        .hasMessageContaining("REVOKED");
    assertThat(gateway.submissions).isEmpty();
  }

  private String certificate(TestOrganisation issuer) {
    return Base64.getEncoder().encodeToString(issuer.issue(new TestOrganisation.Device(BOB, "bob", 1,
        bobIdentity.getPublicKey().serialize(), Instant.now().minus(Duration.ofHours(1)))));
  }

  private String certifiedDevices(String certificate) {
    return "{\"devices\":[{\"deviceId\":1,\"registrationId\":78,\"identityKey\":\""
        + b64(bobIdentity.getPublicKey().serialize()) + "\",\"certificate\":\"" + certificate + "\"}]}";
  }

  private String bundle(String certificate) {
    ECKeyPair signed = ECKeyPair.generate();
    KEMKeyPair kyber = KEMKeyPair.generate(KEMKeyType.KYBER_1024);
    byte[] signedSignature = bobIdentity.getPrivateKey().calculateSignature(signed.getPublicKey().serialize());
    byte[] kyberSignature = bobIdentity.getPrivateKey().calculateSignature(kyber.getPublicKey().serialize());
    return "{\"devices\":[{\"deviceId\":1,\"registrationId\":78,\"identityKey\":\""
        + b64(bobIdentity.getPublicKey().serialize()) + "\",\"certificate\":\"" + certificate + "\","
        + "\"signedPreKey\":{\"keyId\":5,\"publicKey\":\"" + b64(signed.getPublicKey().serialize())
        + "\",\"signature\":\"" + b64(signedSignature) + "\"},"
        + "\"pqPreKey\":{\"keyId\":6,\"publicKey\":\"" + b64(kyber.getPublicKey().serialize())
        + "\",\"signature\":\"" + b64(kyberSignature) + "\"},\"preKey\":null}]}";
  }

  private static FakeGateway.Answer ok(String json) {
    return new FakeGateway.Answer(200, json);
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
