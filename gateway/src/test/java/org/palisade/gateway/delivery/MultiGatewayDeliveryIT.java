// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.palisade.gateway.delivery.Messaging.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.palisade.deploy.apps.QuarkusApp;
import org.palisade.deploy.postgres.PostgresServer;
import org.palisade.deploy.stack.LocalStack;
import org.palisade.deploy.testing.TestInfrastructure;
import org.palisade.gateway.devices.DeviceApi;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Three gateway processes from the packaged jar on one Kafka, PostgreSQL, Keycloak and HSM token: a sender on
 * one, the recipient on another, reconnecting to a third, one gateway killed (SIGKILL) while envelopes are in
 * flight. Every accepted envelope arrives, in order, at exactly the devices it was for.
 */
class MultiGatewayDeliveryIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final List<QuarkusApp> GATEWAYS = new ArrayList<>();
    private static LocalStack stack;

    @BeforeAll
    static void startThreeGateways() throws Exception {
        stack = TestInfrastructure.get();
        for (int i = 1; i <= 3; i++) {
            GATEWAYS.add(stack.additionalGateway("it-gateway-" + i, freePort()));
        }
        // one after the other: three JVMs starting at once on two cores can starve each other's first
        // database connections past the acquisition timeout
        for (QuarkusApp gateway : GATEWAYS) {
            gateway.prepare();
            gateway.start();
            gateway.awaitReady();
        }
        PGSimpleDataSource database = new PGSimpleDataSource();
        database.setURL(stack.postgres().jdbcUrl());
        database.setUser(PostgresServer.USER);
        database.setPassword(stack.postgres().password());
        Messaging.reset(database, "alice", "bob", "carol");
    }

    @AfterAll
    static void stopGateways() {
        GATEWAYS.forEach(QuarkusApp::stop);
    }

    @Test
    void nothingIsLostOrMisdeliveredAcrossGatewaysAndACrash() throws Exception {
        Messaging viaFirst = new Messaging(url(0));
        viaFirst.register("alice", 1);
        viaFirst.register("bob", 1, 2);
        viaFirst.register("carol", 1);

        List<String> accepted = new CopyOnWriteArrayList<>();
        List<String> acceptedForSecond = new CopyOnWriteArrayList<>();
        Set<String> bobFirstDevice = new LinkedHashSet<>();
        try (SocketClient carol = SocketClient.connect(url(2), DeviceApi.token("carol"), 1)) {
            // bob's first device listens on the second gateway while alice sends through the first
            try (SocketClient bob = SocketClient.connect(url(1), DeviceApi.token("bob"), 1)) {
                for (int i = 0; i < 20; i++) {
                    sendToBob(viaFirst, "before " + i, accepted, acceptedForSecond);
                }
                collectUntil(bob, bobFirstDevice, accepted);
                assertThat(bobFirstDevice).containsExactlyElementsOf(accepted);

                // in flight: alice keeps sending while the second gateway (holding bob's socket) is killed
                CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 150; i++) {
                        sendToBob(viaFirst, "during " + i, accepted, acceptedForSecond);
                    }
                });
                while (accepted.size() < 60) {
                    Thread.sleep(20);
                }
                GATEWAYS.get(1).kill();
                assertThat(bob.closeCode(Duration.ofSeconds(10))).as("socket ends with its gateway").isNotNull();
                sending.get();
            }
            // bob comes back on the third gateway: everything, in order, no duplicates once deduplicated by id
            try (SocketClient bob = SocketClient.connect(url(2), DeviceApi.token("bob"), 1)) {
                List<String> again = new ArrayList<>();
                collectUntil(bob, new LinkedHashSet<>(again), accepted, again);
                assertThat(new LinkedHashSet<>(again)).containsExactlyElementsOf(accepted);
            }
            assertThat(carol.next("envelope", Duration.ofSeconds(2))).as("nothing for carol").isNull();
        }
        // bob's second device was offline throughout: it gets every envelope meant for it, in order
        try (SocketClient bobSecond = SocketClient.connect(url(2), DeviceApi.token("bob"), 2)) {
            List<String> received = new ArrayList<>();
            collectUntil(bobSecond, new LinkedHashSet<>(), acceptedForSecond, received);
            assertThat(received).as("each once, in order").containsExactlyElementsOf(acceptedForSecond);
        }
        // the killed gateway starts again and serves as before
        GATEWAYS.get(1).start();
        GATEWAYS.get(1).awaitReady();
        try (SocketClient bob = SocketClient.connect(url(1), DeviceApi.token("bob"), 1)) {
            List<String> last = new ArrayList<>();
            sendToBob(new Messaging(url(0)), "after restart", last, new ArrayList<>());
            JsonNode envelope = null;
            while (envelope == null || !last.get(0).equals(envelope.path("id").asText())) {
                envelope = bob.next("envelope", WAIT);
                assertThat(envelope).isNotNull();
            }
        }
    }

    /** One message to both of bob's devices; records the envelope ids for each device. */
    private static void sendToBob(Messaging messaging, String text, List<String> forFirst, List<String> forSecond) {
        Response response = messaging.submit("alice", 1, List.of(envelope("bob", 1, text), envelope("bob", 2, text)));
        response.then().statusCode(200);
        forFirst.add(response.jsonPath().getString("envelopes[0].id"));
        forSecond.add(response.jsonPath().getString("envelopes[1].id"));
    }

    private static void collectUntil(SocketClient socket, Set<String> seen, List<String> expected) throws Exception {
        collectUntil(socket, seen, expected, new ArrayList<>());
    }

    /** Receives until every expected id was seen, checking the order of first arrivals; records all arrivals. */
    private static void collectUntil(SocketClient socket, Set<String> seen, List<String> expected, List<String> arrivals)
            throws Exception {
        while (!seen.containsAll(expected)) {
            JsonNode envelope = socket.next("envelope", WAIT);
            assertThat(envelope).as("envelope %d of %d", seen.size() + 1, expected.size()).isNotNull();
            String id = envelope.path("id").asText();
            arrivals.add(id);
            seen.add(id);
        }
    }

    private static URL url(int gateway) throws Exception {
        return new URL(GATEWAYS.get(gateway).url() + "/");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
