// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.palisade.deploy.testing.TestInfrastructure;
import org.palisade.deploy.tls.TlsTrust;

/** A device's delivery socket as a client opens it: TLS trusting the test CA only, frames as JSON. */
public final class SocketClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final WebSocket socket;

    private SocketClient(URL gateway) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .sslContext(TlsTrust.trusting(TestInfrastructure.get().certificateAuthority().caCertificate())).build();
        URI uri = URI.create("wss://" + gateway.getHost() + ":" + gateway.getPort() + "/v1/socket");
        socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, new Listener())
                .get(15, TimeUnit.SECONDS);
    }

    public static SocketClient open(URL gateway) throws Exception {
        return new SocketClient(gateway);
    }

    /** Opens a socket, authenticates as the device and waits for {@code ready}. */
    public static SocketClient connect(URL gateway, String token, int deviceId) throws Exception {
        SocketClient client = open(gateway);
        client.send(Map.of("type", "auth", "token", token, "deviceId", deviceId));
        JsonNode ready = client.next(Duration.ofSeconds(15));
        if (ready == null || !"ready".equals(ready.path("type").asText())) {
            throw new IllegalStateException("socket not ready: " + ready + ", closed " + client.closeCode.getNow(null));
        }
        return client;
    }

    public void send(Map<String, ?> frame) throws Exception {
        sendText(JSON.writeValueAsString(frame));
    }

    public void sendText(String text) throws Exception {
        socket.sendText(text, true).get(10, TimeUnit.SECONDS);
    }

    public void ack(String id) throws Exception {
        send(Map.of("type", "ack", "id", id));
    }

    /** The next frame, or null if none arrives in time. */
    public JsonNode next(Duration wait) throws InterruptedException {
        return frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next frame of a type, skipping others; null if none arrives in time. */
    public JsonNode next(String type, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode frame = frames.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            if (frame != null && type.equals(frame.path("type").asText())) {
                return frame;
            }
        }
        return null;
    }

    /** The close code the server sent, waiting up to {@code wait}; null if still open. */
    public Integer closeCode(Duration wait) {
        try {
            return closeCode.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    frames.add(JSON.readTree(text.toString()));
                } catch (Exception e) {
                    frames.add(JSON.createObjectNode().put("type", "unparseable"));
                }
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.complete(-1);
        }
    }
}
