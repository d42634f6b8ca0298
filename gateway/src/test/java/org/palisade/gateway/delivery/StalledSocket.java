// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.palisade.deploy.testing.TestInfrastructure;
import org.palisade.deploy.tls.TlsTrust;

/** A device's socket that authenticates and then never reads: what a hung client looks like to the gateway. */
final class StalledSocket implements AutoCloseable {

    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final WebSocket socket;

    private StalledSocket(URL gateway, String token, int deviceId) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .sslContext(TlsTrust.trusting(TestInfrastructure.get().certificateAuthority().caCertificate())).build();
        socket = http.newWebSocketBuilder().buildAsync(
                URI.create("wss://" + gateway.getHost() + ":" + gateway.getPort() + "/v1/socket"), new WebSocket.Listener() {
                    @Override
                    public void onOpen(WebSocket webSocket) {
                        // no request(n): not one frame is read, so the gateway's writes back up
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
                }).get(15, TimeUnit.SECONDS);
        socket.sendText(new ObjectMapper().writeValueAsString(Map.of("type", "auth", "token", token, "deviceId", deviceId)),
                true).get(10, TimeUnit.SECONDS);
    }

    static StalledSocket connect(URL gateway, String token, int deviceId) throws Exception {
        return new StalledSocket(gateway, token, deviceId);
    }

    /**
     * The close code, once the gateway closed the connection. Reading resumes here: the close frame sits behind
     * everything the gateway pushed, and the TCP connection's end is what shows it gave up.
     */
    Integer closeCode(Duration wait) {
        socket.request(Long.MAX_VALUE);
        try {
            return closeCode.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    public void close() {
        socket.abort();
    }
}
