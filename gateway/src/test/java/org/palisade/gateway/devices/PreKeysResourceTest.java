// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.palisade.gateway.testing.LocalStackResource;

/** A device's own prekeys against the real stack: counts, refills, rotation, and refusals. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class PreKeysResourceTest {

    @TestHTTPResource(value = "/", tls = true)
    URL gateway;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    DevicesConfig config;

    private DeviceApi api;

    @BeforeEach
    void forgetCarolsDevices() throws Exception {
        api = new DeviceApi(gateway);
        DeviceApi.forgetDevicesOf(dataSource, "carol");
    }

    @Test
    void countsFollowFetchesAndRefills() {
        DeviceKeysFixture keys = new DeviceKeysFixture();
        api.register("carol", 31, keys.registration(4, 3)).then().statusCode(201);
        assertCounts(31, 4, 3);

        api.as("bob").get("/v1/users/carol/devices").then().statusCode(200);
        assertCounts(31, 3, 2);

        refill(31, keys.refill(1000, 5, 2)).then().statusCode(200).body("preKeys", equalTo(8)).body("pqPreKeys", equalTo(4));
        assertCounts(31, 8, 4);
    }

    @Test
    void refusesARefillWithABadSignatureAndKeepsTheCounts() {
        DeviceKeysFixture keys = new DeviceKeysFixture();
        api.register("carol", 32, keys.registration(2, 2)).then().statusCode(201);
        Map<String, Object> body = keys.refill(1000, 3, 3);
        @SuppressWarnings("unchecked")
        Map<String, Object> kyber = ((List<Map<String, Object>>) body.get("pqPreKeys")).get(1);
        byte[] signature = Base64.getDecoder().decode((String) kyber.get("signature"));
        signature[7] ^= 0x01;
        kyber.put("signature", DeviceKeysFixture.b64(signature));

        DeviceApi.assertProblem(refill(32, body), 400, "bad-prekey-signature");

        assertCounts(32, 2, 2);
    }

    @Test
    void refusesKeysSignedByAnotherIdentity() {
        api.register("carol", 33, new DeviceKeysFixture().registration(1, 1)).then().statusCode(201);

        DeviceApi.assertProblem(refill(33, new DeviceKeysFixture().refill(1000, 1, 1)), 400, "bad-prekey-signature");

        assertCounts(33, 1, 1);
    }

    @Test
    void refusesDuplicateIdsAndOversizedBatches() {
        DeviceKeysFixture keys = new DeviceKeysFixture();
        api.register("carol", 34, keys.registration(0, 0)).then().statusCode(201);
        Map<String, Object> duplicate = keys.refill(1000, 2, 0);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> preKeys = (List<Map<String, Object>>) duplicate.get("preKeys");
        preKeys.set(1, Map.of("keyId", 1000, "publicKey", preKeys.get(1).get("publicKey")));

        DeviceApi.assertProblem(refill(34, duplicate), 400, "duplicate-key-id");
        DeviceApi.assertProblem(refill(34, keys.refill(1000, 101, 0)), 400, "invalid-request");
        assertCounts(34, 0, 0);
    }

    @Test
    void refusesARefillBeyondTheLimitAndKeepsTheCounts() {
        DeviceKeysFixture keys = new DeviceKeysFixture();
        api.register("carol", 37, keys.registration(0, 0)).then().statusCode(201);
        int batch = RegisterDeviceRequest.MAX_ONE_TIME_KEYS;
        int max = config.maxOneTimePreKeys();
        int held = 0;
        while (held + batch <= max) {
            refill(37, keys.refill(1000 + held, batch, 0)).then().statusCode(200).body("preKeys", equalTo(held + batch));
            held += batch;
        }

        DeviceApi.assertProblem(refill(37, keys.refill(1000 + held, max - held + 1, 0)), 400, "too-many-prekeys");

        assertCounts(37, held, 0);
    }

    @Test
    void rotatesTheSignedPreKeyAndTheLastResortKey() {
        DeviceKeysFixture keys = new DeviceKeysFixture();
        api.register("carol", 35, keys.registration(0, 0)).then().statusCode(201);
        Map<String, Object> rotation = keys.refill(0, 0, 0);
        Map<String, Object> signed = keys.signedEcPreKey(7);
        Map<String, Object> lastResort = keys.refill(8, 0, 1);
        rotation.put("signedPreKey", signed);
        rotation.put("pqLastResortPreKey", ((List<?>) lastResort.get("pqPreKeys")).get(0));

        refill(35, rotation).then().statusCode(200);

        JsonPath bundle = api.as("bob").get("/v1/users/carol/devices").then().statusCode(200).extract().jsonPath();
        assertThat(bundle.getMap("devices[0].signedPreKey")).isEqualTo(signed);
        assertThat(bundle.getMap("devices[0].pqPreKey")).isEqualTo(rotation.get("pqLastResortPreKey"));
    }

    @Test
    void anotherUsersOrARevokedDeviceIsNotFound() {
        DeviceKeysFixture keys = new DeviceKeysFixture();
        api.register("carol", 36, keys.registration(1, 1)).then().statusCode(201);

        DeviceApi.assertProblem(api.as("bob").get("/v1/devices/36/prekeys"), 404, "device-not-found");
        DeviceApi.assertProblem(api.as("bob").contentType("application/json").body(keys.refill(1000, 1, 1))
                .put("/v1/devices/36/prekeys"), 404, "device-not-found");

        api.as("carol").delete("/v1/devices/36").then().statusCode(204);
        DeviceApi.assertProblem(api.as("carol").get("/v1/devices/36/prekeys"), 404, "device-not-found");
        DeviceApi.assertProblem(refill(36, keys.refill(1000, 1, 1)), 404, "device-not-found");
        DeviceApi.assertProblem(api.as("carol").get("/v1/devices/128/prekeys"), 400, "invalid-device-id");
    }

    private Response refill(int deviceId, Map<String, Object> body) {
        return api.as("carol").contentType("application/json").body(body).put("/v1/devices/" + deviceId + "/prekeys");
    }

    private void assertCounts(int deviceId, int preKeys, int pqPreKeys) {
        api.as("carol").get("/v1/devices/" + deviceId + "/prekeys").then().statusCode(200)
                .body("preKeys", equalTo(preKeys)).body("pqPreKeys", equalTo(pqPreKeys));
    }
}
