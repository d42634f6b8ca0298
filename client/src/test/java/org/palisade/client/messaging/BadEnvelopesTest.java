// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palisade.client.gateway.DeliveredEnvelope;
import org.palisade.client.gateway.LocalGateway;
import org.palisade.client.profile.ClientConfig;
import org.palisade.client.profile.Profile;

/**
 * Envelopes that were tampered with, cut short, replayed or meant for another device are rejected with a
 * reason, and the session they arrived on keeps working: the genuine envelope still opens afterwards.
 */
class BadEnvelopesTest {

  @TempDir static Path homes;

  private static Profile alice;
  private static Profile bob;
  private static Profile carol;

  @BeforeAll
  static void signIn() throws Exception {
    LocalGateway gateway = LocalGateway.get();
    ClientConfig config = new ClientConfig(gateway.base, java.net.URI.create(gateway.stack.keycloak().issuer()),
        gateway.stack.certificateAuthority().caCertificate(), gateway.stack.home().root().resolve("org-root.pem"));
    char[] passphrase = "bad envelopes test".toCharArray();
    alice = profile("alice", gateway, config, passphrase);
    bob = profile("bob", gateway, config, passphrase);
    carol = profile("carol", gateway, config, passphrase);
  }

  private static Profile profile(String user, LocalGateway gateway, ClientConfig config, char[] passphrase)
      throws Exception {
    Profile profile = Profile.openOrCreate(homes.resolve(user + "-" + UUID.randomUUID()), passphrase, config);
    profile.signedIn(gateway.tokensOf(user));
    return profile;
  }

  @Test
  void forgedEnvelopesAreRejectedAndTheSessionSurvives() throws Exception {
    Messenger fromAlice = alice.messenger();
    Messenger atBob = bob.messenger();
    Messenger atAlice = alice.messenger();
    fromAlice.sendText("bob", "first, to start the session");
    DeliveredEnvelope first = nextFor(bob, atBob);
    assertThat(first.messageType()).isEqualTo("prekey");
    // a first message whose post-quantum part was altered does not start a session
    byte[] firstBytes = first.ciphertext();
    byte[] alteredFirst = firstBytes.clone();
    alteredFirst[firstBytes.length - 20] ^= 0x01;
    assertRejected(atBob.process(variant(first, alteredFirst)));
    assertThat(atBob.process(first).text()).isEqualTo("first, to start the session");
    // bob answers, so alice's next message is a plain ratchet message, authenticated end to end
    atBob.sendText("alice", "got it");
    assertThat(atAlice.process(nextFor(alice, atAlice)).text()).isEqualTo("got it");

    fromAlice.sendText("bob", "the genuine one");
    DeliveredEnvelope genuine = nextFor(bob, atBob);
    assertThat(genuine.messageType()).isEqualTo("ciphertext");

    byte[] bytes = genuine.ciphertext();
    byte[] flipped = bytes.clone();
    flipped[bytes.length / 2] ^= 0x40;
    assertRejected(atBob.process(variant(genuine, flipped)));
    assertRejected(atBob.process(variant(genuine, Arrays.copyOf(bytes, bytes.length - 7))));
    assertRejected(atBob.process(variant(genuine, new byte[] {3, 1, 2})));
    // claimed to come from another device of alice's
    assertRejected(atBob.process(new DeliveredEnvelope(UUID.randomUUID().toString(), genuine.serverTime(),
        genuine.sender(), genuine.senderUserId(), genuine.senderDevice() + 40, genuine.messageType(), genuine.content())));

    // misaddressed: carol is handed bob's envelope
    assertRejected(carol.messenger().process(variant(genuine, bytes)));

    // the genuine envelope still opens: nothing above touched the session
    Received opened = atBob.process(genuine);
    assertThat(opened.status()).isEqualTo("message");
    assertThat(opened.text()).isEqualTo("the genuine one");
    // the same envelope again is a duplicate; its ciphertext under a new id is a replay and is refused
    assertThat(atBob.process(genuine).status()).isEqualTo("duplicate");
    Received replay = atBob.process(variant(genuine, bytes));
    assertThat(replay.status()).isIn("duplicate", "rejected");
    assertThat(replay.text()).isNull();

    fromAlice.sendText("bob", "and the session goes on");
    assertThat(atBob.process(nextFor(bob, atBob)).text()).isEqualTo("and the session goes on");
  }

  private static DeliveredEnvelope variant(DeliveredEnvelope original, byte[] ciphertext) {
    return new DeliveredEnvelope(UUID.randomUUID().toString(), original.serverTime(), original.sender(),
        original.senderUserId(), original.senderDevice(), original.messageType(),
        Base64.getEncoder().encodeToString(ciphertext));
  }

  private static void assertRejected(Received received) {
    assertThat(received.status()).as(String.valueOf(received)).isEqualTo("rejected");
    assertThat(received.problem()).isNotBlank();
    assertThat(received.text()).isNull();
  }

  /** The next waiting envelope for the profile's device, fetched over HTTPS and acknowledged. */
  private static DeliveredEnvelope nextFor(Profile profile, Messenger messenger) throws Exception {
    int device = profile.requireIdentity().deviceId();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      List<DeliveredEnvelope> waiting = profile.gateway().fetchMailbox(device, 1);
      if (!waiting.isEmpty()) {
        profile.gateway().acknowledge(device, waiting.get(0).id());
        return waiting.get(0);
      }
      Thread.sleep(200);
    }
    throw new AssertionError("nothing arrived for " + messenger.self().username());
  }
}
