// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.palisade.gateway.delivery.Messaging.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.palisade.gateway.devices.DeviceApi;
import org.palisade.gateway.testing.LocalStackResource;

/**
 * Envelopes from submission through Kafka and the mailbox to the recipient's socket, on the real stack: at once
 * when online, in order after coming back, again until acknowledged, and never to another device.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class EnvelopeDeliveryTest extends DeliveryTestBase {

    private static final Duration WAIT = Duration.ofSeconds(20);


    @Test
    void onlineRecipientReceivesAtOnceAndAcknowledges() throws Exception {
        try (SocketClient bob = SocketClient.connect(gateway, DeviceApi.token("bob"), 1)) {
            String id = messaging.send("alice", 1, "bob", 1, "hello bob");

            JsonNode envelope = bob.next("envelope", WAIT);
            assertThat(envelope).as("pushed envelope").isNotNull();
            assertThat(envelope.path("id").asText()).isEqualTo(id);
            assertThat(Messaging.text(envelope)).isEqualTo("hello bob");
            assertThat(envelope.path("sender").asText()).isEqualTo("alice");
            assertThat(envelope.path("senderDevice").asInt()).isEqualTo(1);
            assertThat(envelope.path("messageType").asText()).isEqualTo("ciphertext");

            bob.ack(id);
            assertThat(bob.next("acked", WAIT).path("id").asText()).isEqualTo(id);
            // a replayed acknowledgement is refused and deletes nothing else
            bob.ack(id);
            JsonNode error = bob.next("error", WAIT);
            assertThat(error.path("problem").asText()).isEqualTo("urn:palisade:problem:envelope-not-found");
            assertThat(error.path("id").asText()).isEqualTo(id);
        }
    }

    @Test
    void offlineRecipientGetsEverythingInOrderAgainUntilAcknowledged() throws Exception {
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            sent.add(messaging.send("alice", 1, "bob", 1, "message " + i));
        }
        List<JsonNode> first = receive(12);
        assertThat(Messaging.ids(first)).containsExactlyElementsOf(sent);
        assertThat(Messaging.text(first.get(11))).isEqualTo("message 11");

        // nothing acknowledged: all of it again, in order, on the next connection
        List<JsonNode> second;
        try (SocketClient bob = SocketClient.connect(gateway, DeviceApi.token("bob"), 1)) {
            second = collect(bob, 12);
            for (int i = 0; i < 12; i++) {
                bob.ack(sent.get(i));
                assertThat(bob.next("acked", WAIT)).isNotNull();
            }
        }
        assertThat(Messaging.ids(second)).containsExactlyElementsOf(sent);

        try (SocketClient bob = SocketClient.connect(gateway, DeviceApi.token("bob"), 1)) {
            assertThat(bob.next("envelope", Duration.ofSeconds(3))).as("acknowledged envelopes stay gone").isNull();
        }
    }

    @Test
    void anEnvelopeReachesOnlyItsDevice() throws Exception {
        messaging.register("bob", 2);
        messaging.register("carol", 1);
        try (SocketClient bob1 = SocketClient.connect(gateway, DeviceApi.token("bob"), 1);
             SocketClient bob2 = SocketClient.connect(gateway, DeviceApi.token("bob"), 2);
             SocketClient carol = SocketClient.connect(gateway, DeviceApi.token("carol"), 1)) {
            messaging.submit("alice", 1, List.of(envelope("bob", 1, "for bob's first"), envelope("bob", 2, "for bob's second")))
                    .then().statusCode(200);

            assertThat(Messaging.text(bob1.next("envelope", WAIT))).isEqualTo("for bob's first");
            assertThat(Messaging.text(bob2.next("envelope", WAIT))).isEqualTo("for bob's second");
            assertThat(bob1.next("envelope", Duration.ofSeconds(2))).isNull();
            assertThat(carol.next("envelope", Duration.ofSeconds(1))).isNull();
        }
    }

    @Test
    void theMailboxCanBeFetchedAndAcknowledgedOverHttps() {
        String id = messaging.send("alice", 1, "bob", 1, "polled");
        List<String> ids = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (ids.isEmpty() && System.nanoTime() < deadline) {
            ids = messaging.api().as("bob").get("/v1/devices/1/mailbox").then().statusCode(200)
                    .extract().jsonPath().getList("envelopes.id");
        }
        assertThat(ids).containsExactly(id);
        messaging.api().as("bob").delete("/v1/devices/1/mailbox/" + id).then().statusCode(204);
        DeviceApi.assertProblem(messaging.api().as("bob").delete("/v1/devices/1/mailbox/" + id), 404, "envelope-not-found");
        // alice cannot read or acknowledge bob's mailbox through her own device id
        assertThat(messaging.api().as("alice").get("/v1/devices/1/mailbox").then().statusCode(200)
                .extract().jsonPath().getList("envelopes")).isEmpty();
    }

    private List<JsonNode> receive(int count) throws Exception {
        try (SocketClient bob = SocketClient.connect(gateway, DeviceApi.token("bob"), 1)) {
            return collect(bob, count);
        }
    }

    private static List<JsonNode> collect(SocketClient socket, int count) throws InterruptedException {
        List<JsonNode> envelopes = new ArrayList<>();
        while (envelopes.size() < count) {
            JsonNode envelope = socket.next("envelope", WAIT);
            assertThat(envelope).as("envelope %d of %d", envelopes.size() + 1, count).isNotNull();
            envelopes.add(envelope);
        }
        return envelopes;
    }
}
