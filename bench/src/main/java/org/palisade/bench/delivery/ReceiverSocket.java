// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.bench.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ObjLongConsumer;

/**
 * A device's delivery socket ({@code wss://gateway/v1/socket}) as a client holds it: authenticated by its first
 * frame, acknowledging every envelope pushed to it, and able to renew its token on the open socket. Frames
 * leave one at a time (the JDK's WebSocket refuses a send while another is pending), so acks are chained.
 */
final class ReceiverSocket implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjLongConsumer<String> onEnvelope;
    private final CompletableFuture<JsonNode> ready = new CompletableFuture<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final AtomicLong errors = new AtomicLong();
    private volatile String lastError;
    private final Object sending = new Object();
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);
    private WebSocket socket;

    /** @param onEnvelope told each pushed envelope's id and the {@link System#nanoTime()} it arrived; may be null */
    private ReceiverSocket(ObjLongConsumer<String> onEnvelope) {
        this.onEnvelope = onEnvelope;
    }

    /** Opens a socket, authenticates it as {@code deviceId} with {@code token}, and waits for {@code ready}. */
    static ReceiverSocket connect(HttpClient http, String gatewayUrl, String token, int deviceId,
            ObjLongConsumer<String> onEnvelope) throws Exception {
        ReceiverSocket client = new ReceiverSocket(onEnvelope);
        URI uri = URI.create(gatewayUrl.replaceFirst("^https:", "wss:") + "/v1/socket");
        client.socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, client.new Listener()).get(20, TimeUnit.SECONDS);
        try {
            client.authenticate(token, deviceId);
            client.ready.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            client.close();
            throw new IllegalStateException("the socket of device " + deviceId + " was not ready (close code "
                    + client.closed.getNow(null) + "): " + e, e);
        }
        return client;
    }

    /** Sends an auth frame: the first authenticates, later ones renew the token of the same device. */
    void authenticate(String token, int deviceId) throws Exception {
        send(JSON.writeValueAsString(Map.of("type", "auth", "token", token, "deviceId", deviceId)));
    }

    boolean isOpen() {
        return !closed.isDone();
    }

    /** Error frames the gateway sent (refused acks, for instance). */
    long errors() {
        return errors.get();
    }

    /** The last error frame, as sent; null if none came. */
    String lastError() {
        return lastError;
    }

    private void send(String text) {
        synchronized (sending) {
            lastSend = lastSend.handle((done, failure) -> null)
                    .thenCompose(nothing -> socket.sendText(text, true));
        }
    }

    @Override
    public void close() {
        try {
            synchronized (sending) {
                lastSend.handle((done, failure) -> null).get(5, TimeUnit.SECONDS);
            }
            if (!socket.isOutputClosed()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            // closing anyway
        } finally {
            socket.abort();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                long arrived = System.nanoTime();
                String frame = text.toString();
                text.setLength(0);
                handle(frame, arrived);
            }
            webSocket.request(1);
            return null;
        }

        private void handle(String text, long arrived) {
            JsonNode frame;
            try {
                frame = JSON.readTree(text);
            } catch (Exception e) {
                errors.incrementAndGet();
                return;
            }
            switch (frame.path("type").asText()) {
                case "ready" -> ready.complete(frame);
                case "envelope" -> {
                    String id = frame.path("id").asText();
                    if (onEnvelope != null) {
                        onEnvelope.accept(id, arrived);
                    }
                    try {
                        send(JSON.writeValueAsString(Map.of("type", "ack", "id", id)));
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
                case "error" -> {
                    errors.incrementAndGet();
                    lastError = text;
                }
                default -> {
                    // acked
                }
            }
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            ready.completeExceptionally(new IllegalStateException("closed with " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
            ready.completeExceptionally(error);
        }
    }
}
