// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.palisade.gateway.devices.DeviceApi;
import org.palisade.gateway.testing.LocalStackResource;

/** Delivery sockets that never authenticate, authenticate wrongly, or lose their device are closed with a reason. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class SocketRefusalsTest extends DeliveryTestBase {

    private static final Duration WAIT = Duration.ofSeconds(15);


    @Test
    void aSocketThatNeverAuthenticatesIsClosed() throws Exception {
        try (SocketClient silent = SocketClient.open(gateway)) {
            // the test profile's authentication timeout is 2 s
            assertThat(silent.closeCode(WAIT)).isEqualTo(4401);
        }
    }

    @Test
    void badTokensAndOtherPeoplesDevicesAreRefused() throws Exception {
        String token = DeviceApi.token("bob");
        String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThat(closeCodeAfter(Map.of("type", "auth", "token", tampered, "deviceId", 1))).isEqualTo(4401);
        assertThat(closeCodeAfter(Map.of("type", "auth", "token", "not-a-token", "deviceId", 1))).isEqualTo(4401);
        assertThat(closeCodeAfter(Map.of("type", "ack", "id", "00000000-0000-0000-0000-000000000000"))).isEqualTo(4401);
        // carol's token for a device id carol does not have
        assertThat(closeCodeAfter(Map.of("type", "auth", "token", DeviceApi.token("carol"), "deviceId", 1))).isEqualTo(4403);
        // the auditor is not staff
        assertThat(closeCodeAfter(Map.of("type", "auth", "token", DeviceApi.token("auditor"), "deviceId", 1))).isEqualTo(4403);
        try (SocketClient socket = SocketClient.open(gateway)) {
            socket.sendText("{not json");
            assertThat(socket.closeCode(WAIT)).isEqualTo(4401);
        }
    }

    @Test
    void aTokenOfAnotherDeviceCannotTakeOverAnAuthenticatedSocket() throws Exception {
        messaging.register("bob", 2);
        try (SocketClient bob = SocketClient.connect(gateway, DeviceApi.token("bob"), 1)) {
            // a renewal for the same device is fine
            bob.send(Map.of("type", "auth", "token", DeviceApi.token("bob"), "deviceId", 1));
            assertThat(bob.next("ready", WAIT)).isNotNull();
            bob.send(Map.of("type", "auth", "token", DeviceApi.token("bob"), "deviceId", 2));
            assertThat(bob.closeCode(WAIT)).isEqualTo(4403);
        }
    }

    @Test
    void malformedFramesOnAnAuthenticatedSocketGetAnErrorAndLoseNothing() throws Exception {
        try (SocketClient bob = SocketClient.connect(gateway, DeviceApi.token("bob"), 1)) {
            String id = messaging.send("alice", 1, "bob", 1, "kept");
            assertThat(bob.next("envelope", WAIT).path("id").asText()).isEqualTo(id);
            bob.sendText("{not json");
            assertThat(bob.next("error", WAIT).path("problem").asText()).isEqualTo("urn:palisade:problem:malformed-request");
            bob.ack("not-a-uuid");
            assertThat(bob.next("error", WAIT).path("problem").asText()).isEqualTo("urn:palisade:problem:envelope-not-found");
            bob.send(Map.of("type", "subscribe"));
            assertThat(bob.next("error", WAIT).path("problem").asText()).isEqualTo("urn:palisade:problem:invalid-request");
        }
        // still waiting: it was never acknowledged
        try (SocketClient bob = SocketClient.connect(gateway, DeviceApi.token("bob"), 1)) {
            assertThat(Messaging.text(bob.next("envelope", WAIT))).isEqualTo("kept");
        }
    }

    @Test
    void revokingADeviceClosesItsSocketAtOnce() throws Exception {
        try (SocketClient bob = SocketClient.connect(gateway, DeviceApi.token("bob"), 1)) {
            messaging.api().as("admin").delete("/v1/admin/users/bob/devices").then().statusCode(200);
            assertThat(bob.closeCode(WAIT)).isEqualTo(4410);
        }
        assertThat(closeCodeAfter(Map.of("type", "auth", "token", DeviceApi.token("bob"), "deviceId", 1))).isEqualTo(4403);
    }

    @Test
    void aDeviceThatStopsReadingIsDisconnectedAndDoesNotHoldUpOthers() throws Exception {
        messaging.register("bob", 2);
        try (StalledSocket stalled = StalledSocket.connect(gateway, DeviceApi.token("bob"), 1);
             SocketClient other = SocketClient.connect(gateway, DeviceApi.token("bob"), 2)) {
            // far more than the loopback socket buffers hold (a few MB each way), for a device that reads nothing
            String big = "x".repeat(250 * 1024);
            int count = 120;
            for (int i = 0; i < count; i++) {
                messaging.submit("alice", 1, List.of(Messaging.envelope("bob", 1, big + i), Messaging.envelope("bob", 2, "small " + i)))
                        .then().statusCode(200);
                if (i >= 30) {
                    Thread.sleep(50); // within the sending device's rate limit (burst 40, then 20 per second)
                }
            }
            for (int i = 0; i < count; i++) {
                assertThat(other.next("envelope", WAIT)).as("envelope %d for the reading device", i).isNotNull();
            }
            // 4429 once the backlog drains; a connection the gateway had to drop outright ends without a code (-1)
            assertThat(stalled.closeCode(Duration.ofSeconds(60))).as("the gateway ended the stalled connection")
                    .isIn(4429, -1);
        }
    }

    @Test
    void revokingADeviceDropsWhatWaitsForIt() throws Exception {
        messaging.send("alice", 1, "bob", 1, "never read");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (mailboxRows() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(mailboxRows()).isEqualTo(1);
        messaging.api().as("bob").delete("/v1/devices/1").then().statusCode(204);
        assertThat(mailboxRows()).as("encrypted to a key that is gone").isZero();
    }


    private Integer closeCodeAfter(Map<String, ?> frame) throws Exception {
        try (SocketClient socket = SocketClient.open(gateway)) {
            socket.send(frame);
            JsonNode unexpected = socket.next(Duration.ofMillis(100));
            assertThat(unexpected == null || !"ready".equals(unexpected.path("type").asText())).isTrue();
            return socket.closeCode(WAIT);
        }
    }
}
