// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.palisade.client.gateway.TestMessaging.freshDevice;
import static org.palisade.client.gateway.TestMessaging.idFor;
import static org.palisade.client.gateway.TestMessaging.toEveryDevice;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.palisade.client.auth.TokenSource;

/** The delivery socket against a real gateway process of the local stack. */
class DeliveryConnectionTest {

  private static final int ALICE_SENDER = 91;
  private static final int BOB_RECEIVER = 92;
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static LocalGateway gateway;
  private static GatewayClient alice;
  private static GatewayClient bob;

  @BeforeAll
  static void devices() throws Exception {
    gateway = LocalGateway.get();
    alice = gateway.clientOf("alice");
    bob = gateway.clientOf("bob");
    freshDevice(alice, ALICE_SENDER, new TestDevice(9101));
    freshDevice(bob, BOB_RECEIVER, new TestDevice(9201));
  }

  /** Records every listener call and the thread it came on. */
  static final class Recorder implements DeliveryConnection.Listener {
    final BlockingQueue<DeliveredEnvelope> envelopes = new LinkedBlockingQueue<>();
    final BlockingQueue<String> acked = new LinkedBlockingQueue<>();
    final BlockingQueue<Instant> renewed = new LinkedBlockingQueue<>();
    final List<String> errors = new CopyOnWriteArrayList<>();
    final List<DeliveryConnection.Closure> closures = new CopyOnWriteArrayList<>();
    final Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public void onEnvelope(DeliveredEnvelope envelope) {
      threads.add(Thread.currentThread().getName());
      envelopes.add(envelope);
    }

    @Override
    public void onAcked(String envelopeId) {
      threads.add(Thread.currentThread().getName());
      acked.add(envelopeId);
    }

    @Override
    public void onError(String problemType, String detail, String envelopeId) {
      errors.add(problemType + " " + envelopeId);
    }

    @Override
    public void onTokenRenewed(Instant tokenExpires) {
      renewed.add(tokenExpires);
    }

    @Override
    public void onClosed(DeliveryConnection.Closure closure) {
      threads.add(Thread.currentThread().getName());
      closures.add(closure);
    }

    /**
     * The envelopes with these ids, in arrival order, acknowledging any others (older leftovers).
     */
    List<DeliveredEnvelope> await(DeliveryConnection socket, Set<String> ids) throws Exception {
      List<DeliveredEnvelope> wanted = new ArrayList<>();
      while (wanted.size() < ids.size()) {
        DeliveredEnvelope next = envelopes.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(next).as("envelope %d of %d", wanted.size() + 1, ids.size()).isNotNull();
        if (ids.contains(next.id())) {
          wanted.add(next);
        } else {
          socket.ack(next.id());
        }
      }
      return wanted;
    }
  }

  @Test
  void pushedEnvelopesArriveInOrderOnOneThreadAndAreAcknowledged() throws Exception {
    Recorder recorder = new Recorder();
    try (DeliveryConnection socket = bob.openDelivery(BOB_RECEIVER, recorder)) {
      assertThat(socket.isOpen()).isTrue();
      assertThat(socket.deviceId()).isEqualTo(BOB_RECEIVER);
      assertThat(socket.tokenExpires()).isAfter(Instant.now().plusSeconds(200));

      List<String> texts = new ArrayList<>();
      Set<String> ids = new LinkedHashSet<>();
      Instant serverTime = null;
      for (int i = 0; i < 3; i++) {
        String text = "message " + i + " " + UUID.randomUUID();
        SubmitResult result =
            alice.submit(ALICE_SENDER, toEveryDevice(alice, "alice", ALICE_SENDER, "bob", text));
        texts.add(text);
        ids.add(idFor(result, "bob", BOB_RECEIVER));
        serverTime = result.serverTime();
      }

      List<DeliveredEnvelope> received = recorder.await(socket, ids);

      assertThat(received).extracting(DeliveredEnvelope::id).containsExactlyElementsOf(ids);
      assertThat(received)
          .extracting(e -> new String(e.ciphertext(), StandardCharsets.UTF_8))
          .containsExactlyElementsOf(texts);
      assertThat(received)
          .allSatisfy(
              envelope -> {
                assertThat(envelope.sender()).isEqualTo("alice");
                assertThat(envelope.senderDevice()).isEqualTo(ALICE_SENDER);
                assertThat(envelope.messageType()).isEqualTo("ciphertext");
              });
      // the gateway stores the time to the millisecond
      assertThat(received.get(2).serverTime())
          .isEqualTo(serverTime.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));

      for (String id : ids) {
        socket.ack(id).get(WAIT.toSeconds(), TimeUnit.SECONDS);
      }
      List<String> acked = new ArrayList<>();
      while (acked.size() < ids.size()) {
        String id = recorder.acked.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(id).isNotNull();
        if (ids.contains(id)) {
          acked.add(id);
        }
      }
      assertThat(acked).containsExactlyElementsOf(ids);

      // a repeated acknowledgement is refused, and the socket stays open
      String first = ids.iterator().next();
      assertThatThrownBy(() -> socket.ack(first).join())
          .isInstanceOf(CompletionException.class)
          .cause()
          .isInstanceOfSatisfying(
              GatewayException.class,
              e ->
                  assertThat(e.problemType()).isEqualTo("urn:palisade:problem:envelope-not-found"));
      assertThat(recorder.errors).contains("urn:palisade:problem:envelope-not-found " + first);

      // what a bounded `receive --wait` does: nothing more arrives, the socket stays open
      assertThat(socket.awaitClosed(Duration.ofSeconds(1))).isEmpty();
      assertThat(socket.isOpen()).isTrue();
    }

    assertThat(recorder.closures)
        .extracting(DeliveryConnection.Closure::code, c -> c.kind())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1000, DeliveryConnection.Closure.Kind.NORMAL));
    assertThat(recorder.threads).containsExactly("palisade-delivery-" + BOB_RECEIVER);
    List<String> waiting = new ArrayList<>();
    bob.fetchMailbox(BOB_RECEIVER, 100).forEach(envelope -> waiting.add(envelope.id()));
    assertThat(waiting).isEmpty();
  }

  @Test
  void anUnacknowledgedEnvelopeComesAgainOnTheNextConnection() throws Exception {
    SubmitResult result =
        alice.submit(ALICE_SENDER, toEveryDevice(alice, "alice", ALICE_SENDER, "bob", "again"));
    String id = idFor(result, "bob", BOB_RECEIVER);

    Recorder first = new Recorder();
    try (DeliveryConnection socket = bob.openDelivery(BOB_RECEIVER, first)) {
      first.await(socket, Set.of(id));
    }
    Recorder second = new Recorder();
    try (DeliveryConnection socket = bob.openDelivery(BOB_RECEIVER, second)) {
      assertThat(second.await(socket, Set.of(id)))
          .extracting(DeliveredEnvelope::id)
          .containsExactly(id);
      socket.ack(id).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  @Test
  void aGarbageTokenIsClosedWith4401() throws Exception {
    Recorder recorder = new Recorder();
    String garbage = "garbage." + UUID.randomUUID() + ".token";

    assertThatThrownBy(
            () ->
                DeliveryConnection.open(
                    gateway.base, gateway.tls, () -> garbage, BOB_RECEIVER, recorder))
        .isInstanceOfSatisfying(
            DeliveryClosedException.class,
            e -> {
              assertThat(e.closure().code()).isEqualTo(4401);
              assertThat(e.closure().kind())
                  .isEqualTo(DeliveryConnection.Closure.Kind.UNAUTHENTICATED);
              assertThat(e.reason()).isEqualTo(GatewayException.Reason.CLOSED);
              assertThat(e.getMessage())
                  .startsWith("the gateway closed the delivery socket: 4401 UNAUTHENTICATED");
              assertThat(e.getMessage()).doesNotContain(garbage);
            });
    assertThat(recorder.closures)
        .extracting(DeliveryConnection.Closure::code)
        .containsExactly(4401);
    assertThat(recorder.envelopes).isEmpty();
  }

  @Test
  void aDeviceThatIsNotLiveIsClosedWith4403() throws Exception {
    int notLive = 127;
    for (Device device : alice.myDevices()) {
      if (device.deviceId() == notLive && device.live()) {
        alice.revokeDevice(notLive);
      }
    }
    Recorder recorder = new Recorder();

    assertThatThrownBy(() -> alice.openDelivery(notLive, recorder))
        .isInstanceOfSatisfying(
            DeliveryClosedException.class,
            e -> {
              assertThat(e.closure().code()).isEqualTo(4403);
              assertThat(e.closure().kind()).isEqualTo(DeliveryConnection.Closure.Kind.FORBIDDEN);
            });
    assertThat(recorder.closures)
        .extracting(DeliveryConnection.Closure::code)
        .containsExactly(4403);
  }

  @Test
  void revokingTheDeviceClosesItsSocketWith4410() throws Exception {
    freshDevice(bob, 94, new TestDevice(9401));
    Recorder recorder = new Recorder();
    try (DeliveryConnection socket = bob.openDelivery(94, recorder)) {
      bob.revokeDevice(94);

      Optional<DeliveryConnection.Closure> closed = socket.awaitClosed(WAIT);

      assertThat(closed).isPresent();
      assertThat(closed.get().code()).isEqualTo(4410);
      assertThat(closed.get().kind()).isEqualTo(DeliveryConnection.Closure.Kind.DEVICE_REVOKED);
      assertThat(socket.isOpen()).isFalse();
      assertThatThrownBy(() -> socket.ack(UUID.randomUUID().toString()).join())
          .cause()
          .isInstanceOfSatisfying(
              GatewayException.class,
              e -> assertThat(e.reason()).isEqualTo(GatewayException.Reason.CLOSED));
    }
    assertThat(recorder.closures)
        .extracting(DeliveryConnection.Closure::code)
        .containsExactly(4410);
  }

  @Test
  void theTokenIsRenewedBeforeItExpires() throws Exception {
    AtomicInteger logins = new AtomicInteger();
    TokenSource fresh =
        () -> {
          logins.incrementAndGet();
          return gateway.tokensOf("bob").accessToken();
        };
    Recorder recorder = new Recorder();
    // renew as soon as 297 s of the demo realm's 300 s remain, i.e. after about 3 s
    try (DeliveryConnection socket =
        DeliveryConnection.open(
            gateway.base,
            gateway.tls,
            fresh,
            BOB_RECEIVER,
            recorder,
            Clock.systemUTC(),
            Duration.ofSeconds(297))) {
      Instant firstExpiry = socket.tokenExpires();

      Instant renewedExpiry = recorder.renewed.poll(WAIT.toSeconds(), TimeUnit.SECONDS);

      assertThat(renewedExpiry).isNotNull().isAfter(firstExpiry);
      assertThat(socket.tokenExpires()).isAfterOrEqualTo(renewedExpiry);
      assertThat(logins.get()).isGreaterThanOrEqualTo(2);
      // still delivering after the renewal
      SubmitResult result =
          alice.submit(
              ALICE_SENDER, toEveryDevice(alice, "alice", ALICE_SENDER, "bob", "after renewal"));
      String id = idFor(result, "bob", BOB_RECEIVER);
      assertThat(recorder.await(socket, Set.of(id))).hasSize(1);
      socket.ack(id).get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(socket.isOpen()).isTrue();
    }
    assertThat(recorder.closures)
        .extracting(DeliveryConnection.Closure::code)
        .containsExactly(1000);
  }
}
