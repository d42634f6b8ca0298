// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.palisade.gateway.delivery.Messaging.envelope;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.palisade.gateway.devices.DeviceApi;
import org.palisade.gateway.testing.GatewayHttps;
import org.palisade.gateway.testing.LocalStackResource;

/**
 * Every refused submission is a clear problem and sends nothing: stale device lists (409 with the current lists,
 * as Signal-Server answers), limits, malformed input, unknown recipients, another user's device, no token.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class SubmissionRefusalsTest extends DeliveryTestBase {

    @Override
    void registerDevices() {
        messaging.register("alice", 1, 2);
        messaging.register("bob", 1, 3);
    }

    @Test
    void aStaleDeviceListIsRefusedAsAWholeWithTheCurrentLists() throws Exception {
        try (SocketClient bob = SocketClient.connect(gateway, DeviceApi.token("bob"), 1)) {
            Map<String, Object> wrongRegistration = envelope("alice", 2, "x");
            wrongRegistration.put("registrationId", 7);
            Response response = messaging.submit("alice", 1, List.of(envelope("bob", 1, "half"), envelope("bob", 9, "x"),
                    wrongRegistration));
            DeviceApi.assertProblem(response, 409, "stale-device-list");
            response.then()
                    .body("mismatches.find { it.recipient == 'bob' }.missingDevices", equalTo(List.of(3)))
                    .body("mismatches.find { it.recipient == 'bob' }.extraDevices", equalTo(List.of(9)))
                    .body("mismatches.find { it.recipient == 'bob' }.devices.deviceId", equalTo(List.of(1, 3)))
                    .body("mismatches.find { it.recipient == 'alice' }.staleDevices", equalTo(List.of(2)))
                    .body("mismatches.find { it.recipient == 'alice' }.devices.deviceId", equalTo(List.of(2)));
            assertThat(bob.next("envelope", Duration.ofSeconds(3))).as("nothing half-sent").isNull();
        }
        assertThat(settledMailboxRows()).isZero();

        // leaving out the sender's own other device is stale too
        DeviceApi.assertProblem(messaging.submit("alice", 1, List.of(envelope("bob", 1, "a"), envelope("bob", 3, "a"))),
                409, "stale-device-list");
        // the full list is accepted
        messaging.submit("alice", 1, List.of(envelope("bob", 1, "a"), envelope("bob", 3, "a"), envelope("alice", 2, "a")))
                .then().statusCode(200).body("envelopes.size()", equalTo(3));
    }

    @Test
    void malformedOversizedAndMisaddressedSubmissionsAreRefused() throws Exception {
        List<Map<String, Object>> complete = List.of(envelope("bob", 1, "x"), envelope("bob", 3, "x"), envelope("alice", 2, "x"));

        Map<String, Object> notBase64 = envelope("bob", 1, "x");
        notBase64.put("content", "%%% not base64 %%%");
        DeviceApi.assertProblem(messaging.submit("alice", 1, List.of(notBase64)), 400, "malformed-content");

        Map<String, Object> huge = envelope("bob", 1, "x");
        huge.put("content", Base64.getEncoder().encodeToString(new byte[256 * 1024 + 1]));
        DeviceApi.assertProblem(messaging.submit("alice", 1, List.of(huge)), 413, "envelope-too-large");

        Map<String, Object> unknownType = envelope("bob", 1, "x");
        unknownType.put("type", "telegram");
        DeviceApi.assertProblem(messaging.submit("alice", 1, List.of(unknownType)), 400, "invalid-request");
        DeviceApi.assertProblem(messaging.submit("alice", 1, List.of()), 400, "invalid-request");
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 257; i++) {
            tooMany.add(envelope("bob", 1 + i % 127, "x"));
        }
        DeviceApi.assertProblem(messaging.submit("alice", 1, tooMany), 400, "invalid-request");

        DeviceApi.assertProblem(messaging.submit("alice", 1, List.of(envelope("bob", 1, "x"), envelope("bob", 1, "y"))),
                400, "duplicate-destination");
        DeviceApi.assertProblem(messaging.submit("alice", 1, List.of(envelope("alice", 1, "to myself"))),
                400, "duplicate-destination");
        DeviceApi.assertProblem(messaging.submit("alice", 1, List.of(envelope("nobody-" + System.nanoTime(), 1, "x"))),
                404, "unknown-recipient");
        // carol has used the gateway before but has no live device now
        messaging.api().as("carol").get("/v1/me").then().statusCode(200);
        DeviceApi.assertProblem(messaging.submit("alice", 1, List.of(envelope("carol", 1, "x"))), 404, "unknown-recipient");
        // a device id that is not the caller's own
        DeviceApi.assertProblem(messaging.submit("carol", 1, complete), 404, "device-not-found");
        DeviceApi.assertProblem(messaging.submit("alice", 0, complete), 400, "invalid-device-id");

        DeviceApi.assertProblem(messaging.api().as("alice").contentType("application/json").body("{\"envelopes\": [")
                .post("/v1/devices/1/messages"), 400, "malformed-request");
        GatewayHttps.request(gateway).contentType("application/json").body(Map.of("envelopes", complete))
                .post("/v1/devices/1/messages").then().statusCode(401);
        messaging.api().as("auditor").contentType("application/json").body(Map.of("envelopes", complete))
                .post("/v1/devices/1/messages").then().statusCode(403);

        assertThat(settledMailboxRows()).as("nothing refused was stored").isZero();
    }

    @Test
    void aDeviceThatSendsTooFastIsToldToWait() throws Exception {
        // the bucket is per sending device and checked first; device 99 is used by no other test
        int requests = 120;
        List<CompletableFuture<Response>> responses = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(16);
        String token = DeviceApi.token("alice");
        Map<String, Object> body = Map.of("envelopes", List.of(envelope("bob", 1, "x")));
        long started = System.nanoTime();
        try {
            for (int i = 0; i < requests; i++) {
                responses.add(CompletableFuture.supplyAsync(() -> GatewayHttps.request(gateway).auth().oauth2(token)
                        .contentType("application/json").body(body).post("/v1/devices/99/messages"), senders));
            }
            CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        } finally {
            senders.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        int passed = 0;
        for (CompletableFuture<Response> future : responses) {
            Response response = future.get();
            if (response.statusCode() == 429) {
                DeviceApi.assertProblem(response, 429, "rate-limited");
                assertThat(response.header("Retry-After")).isEqualTo("1");
            } else {
                DeviceApi.assertProblem(response, 404, "device-not-found");
                passed++;
            }
        }
        // burst 40, then 20 per second
        assertThat(passed).isGreaterThanOrEqualTo(40).isLessThanOrEqualTo(40 + (int) Math.ceil(seconds * 20) + 1);
        assertThat(passed).as("some were refused").isLessThan(requests);
    }

    @Test
    void onlyAnAdminRevokesAllOfAUsersDevices() {
        messaging.api().as("alice").delete("/v1/admin/users/bob/devices").then().statusCode(403);
        DeviceApi.assertProblem(messaging.api().as("admin").delete("/v1/admin/users/nobody-" + System.nanoTime() + "/devices"),
                404, "user-not-found");
        messaging.api().as("admin").delete("/v1/admin/users/bob/devices").then().statusCode(200)
                .body("revokedDevices", equalTo(List.of(1, 3)));
        messaging.api().as("admin").delete("/v1/admin/users/bob/devices").then().statusCode(200)
                .body("revokedDevices", equalTo(List.of()));
        DeviceApi.assertProblem(messaging.submit("alice", 1, List.of(envelope("bob", 1, "x"))), 404, "unknown-recipient");
        messaging.api().as("alice").get("/v1/users/bob/devices").then().statusCode(200).body("devices", equalTo(List.of()));
    }


    /** The mailbox's row count once anything accepted would have reached it. */
    private long settledMailboxRows() throws Exception {
        Thread.sleep(1500);
        return mailboxRows();
    }
}
