// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import org.palisade.client.auth.LoginException;
import org.palisade.client.auth.TokenSource;

/**
 * A device's delivery socket ({@code wss://gateway/v1/socket}). {@link #open} authenticates with an
 * {@code auth} frame (the token never goes into the URL) and returns once the gateway is {@code
 * ready}; from then on the gateway pushes every waiting envelope and each new one, oldest first.
 *
 * <p>All listener calls happen in order on one thread of this connection: {@link
 * Listener#onEnvelope} for each envelope, then {@link Listener#onClosed} exactly once at the end.
 * The next envelope is read only after the listener returns. Acknowledge an envelope with {@link
 * #ack} once it is safely processed (from the listener or any other thread); an envelope that is
 * not acknowledged comes again on the next connection, so drop duplicates by id. An exception
 * thrown by the listener is swallowed and the envelope stays unacknowledged.
 *
 * <p>Before the token expires (the {@code tokenExpires} of the ready frame) the connection asks the
 * {@link TokenSource} for a token and sends a fresh {@code auth} frame. The gateway closes with
 * {@code 4401}, {@code 4403}, {@code 4408}, {@code 4410} or {@code 1011} (see {@link
 * Closure.Kind}); nothing reconnects by itself.
 *
 * <p>For a bounded run, as in {@code palisade receive --wait 30}:
 *
 * <pre>{@code
 * try (DeliveryConnection socket = gateway.openDelivery(deviceId, envelope -> handle(envelope))) {
 *   Optional<DeliveryConnection.Closure> closed = socket.awaitClosed(Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class DeliveryConnection implements AutoCloseable {

  /** A fresh auth frame goes out this long before the token expires. */
  public static final Duration RENEW_BEFORE = Duration.ofSeconds(25);

  /** How long {@link #open} waits for the gateway's {@code ready}. */
  static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

  /** Retry interval when the token source has no fresher token yet or failed. */
  static final Duration RENEW_RETRY = Duration.ofSeconds(5);

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration MIN_RENEW_DELAY = Duration.ofSeconds(1);

  /**
   * Receives what the gateway pushes; every call is made on the connection's one dispatch thread.
   */
  @FunctionalInterface
  public interface Listener {

    /** One envelope for this device, oldest first. */
    void onEnvelope(DeliveredEnvelope envelope);

    /** The gateway deleted an acknowledged envelope. */
    default void onAcked(String envelopeId) {}

    /**
     * The gateway refused a frame but keeps the socket open ({@code envelope-not-found} for an
     * unknown or repeated ack, ...).
     *
     * @param envelopeId the acknowledged id the refusal is about, or null
     */
    default void onError(String problemType, String detail, String envelopeId) {}

    /** The gateway accepted a fresh token; it now expires at {@code tokenExpires}. */
    default void onTokenRenewed(Instant tokenExpires) {}

    /** No fresh token could be had; the connection tries again until the current one expires. */
    default void onRenewalFailed(LoginException failure) {}

    /** The connection ended; called exactly once, after every envelope it delivered. */
    default void onClosed(Closure closure) {}
  }

  /**
   * How the connection ended.
   *
   * @param code the WebSocket close code ({@code 1006} when the connection broke without one)
   * @param reason the close reason the gateway sent (fixed text), or ours
   */
  public record Closure(int code, String reason) {

    /** Close code of a connection that broke without a close frame. */
    public static final int ABNORMAL = 1006;

    /** What the close code means. */
    public enum Kind {
      /** 1000: closed by this client or cleanly by the gateway. */
      NORMAL,
      /** 4401: no valid auth frame in time, or a token the gateway does not accept. */
      UNAUTHENTICATED,
      /**
       * 4403: not staff, not a live device of the token's user, or a renewal for another device.
       */
      FORBIDDEN,
      /** 4408: the token expired and no fresh one arrived. */
      TOKEN_EXPIRED,
      /** 4410: the device was revoked. */
      DEVICE_REVOKED,
      /** 1011: a store of the gateway is unavailable; connect again later. */
      UNAVAILABLE,
      /** 1001 or 1006: the gateway went away or the connection broke; connect again. */
      CONNECTION_LOST,
      /** Any other code. */
      OTHER
    }

    public Kind kind() {
      return switch (code) {
        case 1000 -> Kind.NORMAL;
        case 4401 -> Kind.UNAUTHENTICATED;
        case 4403 -> Kind.FORBIDDEN;
        case 4408 -> Kind.TOKEN_EXPIRED;
        case 4410 -> Kind.DEVICE_REVOKED;
        case 1011 -> Kind.UNAVAILABLE;
        case 1001, ABNORMAL -> Kind.CONNECTION_LOST;
        default -> Kind.OTHER;
      };
    }

    @Override
    public String toString() {
      return code + " " + kind() + (reason == null || reason.isEmpty() ? "" : " (" + reason + ")");
    }
  }

  private final int deviceId;
  private final TokenSource tokens;
  private final Listener listener;
  private final Clock clock;
  private final Duration renewBefore;
  private final ObjectMapper json = GatewayJson.MAPPER;
  private final ScheduledThreadPoolExecutor dispatcher;
  private volatile Thread dispatchThread;
  private final CompletableFuture<Instant> ready = new CompletableFuture<>();
  private final CountDownLatch handedOut = new CountDownLatch(1);
  private final CompletableFuture<Closure> closed = new CompletableFuture<>();
  private final AtomicBoolean ending = new AtomicBoolean();
  private final Map<String, CompletableFuture<Void>> pendingAcks = new ConcurrentHashMap<>();
  private final Object sendLock = new Object();
  private CompletableFuture<Void> lastSend = CompletableFuture.completedFuture(null);
  private volatile WebSocket socket;

  private volatile Instant tokenExpires;
  // only touched on the dispatch thread
  private String lastToken;
  private ScheduledFuture<?> renewal;

  private DeliveryConnection(
      int deviceId, TokenSource tokens, Listener listener, Clock clock, Duration renewBefore) {
    this.deviceId = deviceId;
    this.tokens = tokens;
    this.listener = listener;
    this.clock = clock;
    this.renewBefore = renewBefore;
    this.dispatcher =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "palisade-delivery-" + deviceId);
              thread.setDaemon(true);
              dispatchThread = thread;
              return thread;
            });
    this.dispatcher.setRemoveOnCancelPolicy(true);
    this.dispatcher.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /**
   * Connects device {@code deviceId}'s delivery socket at {@code base} and waits until the gateway
   * is ready.
   *
   * @param base the gateway, e.g. {@code https://gateway.example.com} (the socket is {@code
   *     wss://.../v1/socket})
   * @param tls the trust for the gateway's certificate (null for the JDK's default)
   * @throws DeliveryClosedException when the gateway closed the socket instead (4401, 4403, ...);
   *     the listener's {@code onClosed} has been called as well
   * @throws GatewayException when the gateway cannot be reached, the upgrade was refused, no token
   *     could be had, or it was not ready in time
   */
  public static DeliveryConnection open(
      URI base, SSLContext tls, TokenSource tokens, int deviceId, Listener listener)
      throws GatewayException {
    return open(base, tls, tokens, deviceId, listener, Clock.systemUTC(), RENEW_BEFORE);
  }

  /** {@link #open} with the clock and renewal margin chosen (tests). */
  static DeliveryConnection open(
      URI base,
      SSLContext tls,
      TokenSource tokens,
      int deviceId,
      Listener listener,
      Clock clock,
      Duration renewBefore)
      throws GatewayException {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(listener, "listener");
    GatewayClient.checkDevice(deviceId);
    URI gateway = GatewayClient.withoutTrailingSlash(base);
    GatewayClient.requireSecure(gateway);
    String token;
    try {
      token = tokens.accessToken();
    } catch (LoginException e) {
      throw new GatewayException(
          GatewayException.Reason.NOT_LOGGED_IN, "not logged in: " + e.reason().text(), e);
    }
    DeliveryConnection connection =
        new DeliveryConnection(deviceId, tokens, listener, clock, renewBefore);
    try {
      connection.connect(gateway, tls, token);
      return connection;
    } catch (GatewayException | RuntimeException e) {
      connection.abort(
          new Closure(
              Closure.ABNORMAL,
              e instanceof DeliveryClosedException ? "refused" : "could not connect"));
      throw e;
    } finally {
      // an envelope is dispatched only once the caller holds the connection (and can ack it)
      connection.handedOut.countDown();
    }
  }

  private void connect(URI gateway, SSLContext tls, String token) throws GatewayException {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT);
    if (tls != null) {
      builder.sslContext(tls);
    }
    String scheme = "https".equalsIgnoreCase(gateway.getScheme()) ? "wss" : "ws";
    URI uri =
        URI.create(
            scheme + gateway.toString().substring(gateway.getScheme().length()) + "/v1/socket");
    try {
      socket =
          builder
              .build()
              .newWebSocketBuilder()
              .connectTimeout(CONNECT_TIMEOUT)
              .buildAsync(uri, new SocketListener())
              .get(CONNECT_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException handshake) {
        throw new GatewayException(handshake.getResponse().statusCode(), null, null, null, null);
      }
      throw new GatewayException(
          GatewayException.Reason.UNREACHABLE, "the gateway cannot be reached", e.getCause());
    } catch (TimeoutException e) {
      throw new GatewayException(
          GatewayException.Reason.UNREACHABLE, "the gateway cannot be reached", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GatewayException(GatewayException.Reason.INTERRUPTED, "interrupted", e);
    }
    dispatcher.execute(() -> lastToken = token);
    send(authFrame(token));
    try {
      ready.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof DeliveryClosedException refused) {
        throw new DeliveryClosedException(refused.closure());
      }
      throw new GatewayException(
          GatewayException.Reason.UNREACHABLE, "the delivery socket failed", e.getCause());
    } catch (TimeoutException e) {
      throw new GatewayException(
          GatewayException.Reason.UNEXPECTED_RESPONSE, "the gateway did not become ready", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GatewayException(GatewayException.Reason.INTERRUPTED, "interrupted", e);
    }
  }

  public int deviceId() {
    return deviceId;
  }

  /** When the token the gateway holds for this socket expires (as its last ready frame said). */
  public Instant tokenExpires() {
    return tokenExpires;
  }

  /** Whether the socket is still open. */
  public boolean isOpen() {
    return !ending.get();
  }

  /**
   * Acknowledges an envelope: the gateway deletes it.
   *
   * @return completes when the gateway confirmed ({@code acked}); fails with a {@link
   *     GatewayException} when it refused (e.g. {@code envelope-not-found}) or the connection ended
   *     first. The confirmation is read on the dispatch thread, so a listener must not wait for it
   *     inside its own callback.
   */
  public CompletableFuture<Void> ack(String envelopeId) {
    Objects.requireNonNull(envelopeId, "envelopeId");
    CompletableFuture<Void> confirmed = new CompletableFuture<>();
    if (ending.get()) {
      confirmed.completeExceptionally(notOpen());
      return confirmed;
    }
    CompletableFuture<Void> earlier = pendingAcks.putIfAbsent(envelopeId, confirmed);
    if (earlier != null) {
      return earlier;
    }
    Map<String, Object> frame = new LinkedHashMap<>();
    frame.put("type", "ack");
    frame.put("id", envelopeId);
    send(write(frame))
        .whenComplete(
            (sent, failure) -> {
              if (failure != null && pendingAcks.remove(envelopeId, confirmed)) {
                confirmed.completeExceptionally(notOpen());
              }
            });
    if (ending.get() && pendingAcks.remove(envelopeId, confirmed)) {
      confirmed.completeExceptionally(notOpen());
    }
    return confirmed;
  }

  /**
   * Waits until the connection ends or {@code timeout} passes.
   *
   * @return how it ended, or empty when it is still open
   */
  public Optional<Closure> awaitClosed(Duration timeout) throws InterruptedException {
    try {
      return Optional.of(closed.get(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (ExecutionException e) {
      // never completed exceptionally
      throw new IllegalStateException(e);
    }
  }

  /** Waits until the connection ends. */
  public Closure awaitClosed() throws InterruptedException {
    try {
      return closed.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Closes the socket (code 1000) and waits briefly for the gateway's answer and for the listener
   * to have been told. Unacknowledged envelopes come again on the next connection. Idempotent.
   */
  @Override
  public void close() {
    WebSocket current = socket;
    if (current != null && !ending.get()) {
      synchronized (sendLock) {
        lastSend =
            lastSend
                .handle((sent, failure) -> null)
                .thenCompose(x -> current.sendClose(WebSocket.NORMAL_CLOSURE, "closed by client"))
                .thenApply(webSocket -> null);
      }
    }
    if (Thread.currentThread() == dispatchThread) {
      // the listener closes from its own callback: do not wait for work queued behind it
      ending(new Closure(WebSocket.NORMAL_CLOSURE, "closed by client"));
      if (current != null) {
        current.abort();
      }
      return;
    }
    try {
      closed.get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      abort(new Closure(WebSocket.NORMAL_CLOSURE, "closed by client"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abort(new Closure(WebSocket.NORMAL_CLOSURE, "closed by client"));
    }
  }

  // ---------------------------------------------------------------------------------------------

  private final class SocketListener implements WebSocket.Listener {

    private final StringBuilder partial = new StringBuilder();

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (!last) {
        webSocket.request(1);
        return null;
      }
      String text = partial.toString();
      partial.setLength(0);
      try {
        dispatcher.execute(
            () -> {
              try {
                frame(text);
              } finally {
                // flow control: the next frame is read once this one is handled
                webSocket.request(1);
              }
            });
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // the connection is over; nothing more is read
      }
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      ending(new Closure(statusCode, reason));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      ending(new Closure(Closure.ABNORMAL, "connection lost"));
    }
  }

  /** One complete text frame from the gateway; on the dispatch thread. */
  private void frame(String text) {
    JsonNode frame;
    try {
      frame = json.readTree(text);
    } catch (JsonProcessingException e) {
      return;
    }
    if (frame == null || !frame.isObject()) {
      return;
    }
    switch (frame.path("type").asText("")) {
      case "ready" -> ready(frame);
      case "envelope" -> envelope(frame);
      case "acked" -> acked(frame.path("id").asText(null));
      case "error" -> error(frame);
      default -> {
        // a frame type of a newer gateway
      }
    }
  }

  private void ready(JsonNode frame) {
    Instant expires;
    try {
      expires = json.treeToValue(frame.get("tokenExpires"), Instant.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      expires = null;
    }
    if (expires == null) {
      // without an expiry the renewal cannot be timed: treat as the gateway's shortest realistic
      // one
      expires = clock.instant().plus(Duration.ofMinutes(1));
    }
    boolean first = tokenExpires == null;
    tokenExpires = expires;
    scheduleRenewal();
    if (first) {
      ready.complete(expires);
      awaitHandedOut();
    } else {
      safely(() -> listener.onTokenRenewed(tokenExpires));
    }
  }

  private void envelope(JsonNode frame) {
    DeliveredEnvelope envelope;
    try {
      envelope = json.treeToValue(frame, DeliveredEnvelope.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return;
    }
    if (envelope == null || envelope.id() == null || envelope.content() == null) {
      return;
    }
    safely(() -> listener.onEnvelope(envelope));
  }

  private void acked(String id) {
    if (id == null) {
      return;
    }
    // the listener first: whoever waits on the confirmation then also sees what the listener was told
    safely(() -> listener.onAcked(id));
    CompletableFuture<Void> confirmed = pendingAcks.remove(id);
    if (confirmed != null) {
      confirmed.complete(null);
    }
  }

  private void error(JsonNode frame) {
    String problem = frame.path("problem").asText(null);
    String detail = frame.path("detail").asText(null);
    String id = frame.hasNonNull("id") ? frame.path("id").asText() : null;
    safely(() -> listener.onError(problem, detail, id));
    if (id != null) {
      CompletableFuture<Void> confirmed = pendingAcks.remove(id);
      if (confirmed != null) {
        confirmed.completeExceptionally(new GatewayException(problem, detail));
      }
    }
  }

  private void scheduleRenewal() {
    if (renewal != null) {
      renewal.cancel(false);
    }
    Duration delay = Duration.between(clock.instant(), tokenExpires).minus(renewBefore);
    if (delay.compareTo(MIN_RENEW_DELAY) < 0) {
      delay = MIN_RENEW_DELAY;
    }
    schedule(this::renew, delay);
  }

  /**
   * Sends a fresh auth frame; the gateway answers with another ready frame. On the dispatch thread.
   */
  private void renew() {
    if (ending.get()) {
      return;
    }
    String token;
    try {
      token = tokens.accessToken();
    } catch (LoginException e) {
      safely(() -> listener.onRenewalFailed(e));
      retryRenewal();
      return;
    }
    if (token == null || token.equals(lastToken)) {
      // the source has nothing fresher yet
      retryRenewal();
      return;
    }
    lastToken = token;
    send(authFrame(token));
  }

  private void retryRenewal() {
    if (clock.instant().plus(RENEW_RETRY).isBefore(tokenExpires)) {
      schedule(this::renew, RENEW_RETRY);
    }
    // otherwise the gateway closes with 4408 at expiry
  }

  private void schedule(Runnable task, Duration delay) {
    try {
      renewal = dispatcher.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closed meanwhile
    }
  }

  private void awaitHandedOut() {
    try {
      handedOut.await(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The connection is over: report once, after everything already queued for the listener. */
  private void ending(Closure closure) {
    if (!ending.compareAndSet(false, true)) {
      return;
    }
    try {
      dispatcher.execute(
          () -> {
            if (renewal != null) {
              renewal.cancel(false);
            }
            failPendingAcks();
            safely(() -> listener.onClosed(closure));
            // only now: open() promises that onClosed has run when it throws
            ready.completeExceptionally(new DeliveryClosedException(closure));
            closed.complete(closure);
          });
      dispatcher.shutdown();
    } catch (java.util.concurrent.RejectedExecutionException e) {
      failPendingAcks();
      ready.completeExceptionally(new DeliveryClosedException(closure));
      closed.complete(closure);
    }
  }

  private void abort(Closure closure) {
    WebSocket current = socket;
    if (current != null) {
      current.abort();
    }
    ending(closure);
  }

  private void failPendingAcks() {
    pendingAcks.forEach(
        (id, confirmed) -> {
          if (pendingAcks.remove(id, confirmed)) {
            confirmed.completeExceptionally(notOpen());
          }
        });
  }

  private static GatewayException notOpen() {
    return new GatewayException(
        GatewayException.Reason.CLOSED, "the delivery socket is closed", null);
  }

  private CompletableFuture<Void> send(String text) {
    WebSocket current = socket;
    synchronized (sendLock) {
      lastSend =
          lastSend
              .handle((sent, failure) -> null)
              .thenCompose(x -> current.sendText(text, true))
              .thenApply(webSocket -> null);
      return lastSend;
    }
  }

  private String authFrame(String token) {
    Map<String, Object> frame = new LinkedHashMap<>();
    frame.put("type", "auth");
    frame.put("token", token);
    frame.put("deviceId", deviceId);
    return write(frame);
  }

  private String write(Map<String, Object> frame) {
    try {
      return json.writeValueAsString(frame);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a frame", e);
    }
  }

  private static void safely(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      // the listener's failure must not end delivery; an unacknowledged envelope comes again later
    }
  }
}
