// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.palisade.gateway.testing.GatewayHttps;
import org.palisade.gateway.testing.LocalStackResource;

/** Prekey bundles for senders against the real stack: bob fetches carol's devices. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class DeviceBundlesResourceTest {

    /** Kyber last-resort key id in {@link DeviceKeysFixture#registration}. */
    private static final int LAST_RESORT_KEY_ID = 2;

    @TestHTTPResource(value = "/", tls = true)
    URL gateway;

    @Inject
    AgroalDataSource dataSource;

    private DeviceApi api;

    @BeforeEach
    void forgetCarolsDevices() throws Exception {
        api = new DeviceApi(gateway);
        DeviceApi.forgetDevicesOf(dataSource, "carol");
    }

    @Test
    void aBundleHoldsTheCertificateTheSignedPreKeyAndOneTimePreKeys() {
        DeviceKeysFixture keys = new DeviceKeysFixture();
        Map<String, Object> registration = keys.registration(2, 2);
        String certificate = api.register("carol", 21, registration).then().statusCode(201).extract().path("certificate");

        JsonPath bundles = api.as("bob").get("/v1/users/carol/devices").then().statusCode(200).extract().jsonPath();

        assertThat(bundles.getList("devices")).hasSize(1);
        assertThat(bundles.getInt("devices[0].deviceId")).isEqualTo(21);
        assertThat(bundles.getInt("devices[0].registrationId")).isEqualTo(4242);
        assertThat(bundles.getString("devices[0].certificate")).isEqualTo(certificate);
        assertThat(bundles.getString("devices[0].identityKey")).isEqualTo(registration.get("identityKey"));
        assertThat(bundles.getMap("devices[0].signedPreKey")).isEqualTo(registration.get("signedPreKey"));
        assertThat(bundles.getMap("devices[0].pqPreKey")).isIn((List<?>) registration.get("pqPreKeys"));
        assertThat(bundles.getMap("devices[0].preKey")).isIn((List<?>) registration.get("preKeys"));
    }

    @Test
    void certificatesAreListedWithoutUsingUpPreKeys() {
        Map<String, Object> registration = new DeviceKeysFixture().registration(1, 1);
        String certificate = api.register("carol", 23, registration).then().statusCode(201).extract().path("certificate");
        for (int i = 0; i < 3; i++) {
            JsonPath devices = api.as("bob").get("/v1/users/carol/devices/certificates").then().statusCode(200)
                    .extract().jsonPath();
            assertThat(devices.getList("devices.deviceId")).containsExactly(23);
            assertThat(devices.getString("devices[0].certificate")).isEqualTo(certificate);
            assertThat(devices.getString("devices[0].identityKey")).isEqualTo(registration.get("identityKey"));
        }
        api.as("carol").get("/v1/devices/23/prekeys").then().statusCode(200)
                .body("preKeys", equalTo(1)).body("pqPreKeys", equalTo(1));
        DeviceApi.assertProblem(api.as("bob").get("/v1/users/nobody-" + System.nanoTime() + "/devices/certificates"),
                404, "user-not-found");
    }

    @Test
    void handsOutEachOneTimePreKeyOnceThenFallsBackToTheLastResortKey() {
        int n = 3;
        Map<String, Object> registration = new DeviceKeysFixture().registration(n, n);
        api.register("carol", 22, registration).then().statusCode(201);

        List<Integer> ecIds = new ArrayList<>();
        List<Integer> kyberIds = new ArrayList<>();
        for (int i = 0; i < n + 2; i++) {
            JsonPath bundle = api.as("bob").get("/v1/users/carol/devices").then().statusCode(200).extract().jsonPath();
            if (i < n) {
                assertThat(bundle.getMap("devices[0].preKey")).isIn((List<?>) registration.get("preKeys"));
                assertThat(bundle.getMap("devices[0].pqPreKey")).isIn((List<?>) registration.get("pqPreKeys"));
                ecIds.add(bundle.getInt("devices[0].preKey.keyId"));
                kyberIds.add(bundle.getInt("devices[0].pqPreKey.keyId"));
            } else {
                assertThat(bundle.getMap("devices[0].preKey")).as("no one-time EC prekey left").isNull();
                assertThat(bundle.getMap("devices[0].pqPreKey")).isEqualTo(registration.get("pqLastResortPreKey"));
                assertThat(bundle.getInt("devices[0].pqPreKey.keyId")).isEqualTo(LAST_RESORT_KEY_ID);
            }
        }
        assertThat(ecIds).doesNotHaveDuplicates().hasSize(n);
        assertThat(kyberIds).doesNotHaveDuplicates().hasSize(n);
        api.as("carol").get("/v1/devices/22/prekeys").then().statusCode(200)
                .body("preKeys", equalTo(0)).body("pqPreKeys", equalTo(0));
    }

    @Test
    void concurrentFetchesNeverHandOutAOneTimePreKeyTwice() throws Exception {
        api.register("carol", 23, new DeviceKeysFixture().registration(5, 5)).then().statusCode(201);
        String token = DeviceApi.token("bob");
        int fetches = 8;
        ExecutorService pool = Executors.newFixedThreadPool(fetches);
        List<Integer> ecIds = new ArrayList<>();
        List<Integer> kyberIds = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<JsonPath>> results = new ArrayList<>();
            for (int i = 0; i < fetches; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return GatewayHttps.request(gateway).auth().oauth2(token).get("/v1/users/carol/devices")
                            .then().statusCode(200).extract().jsonPath();
                }));
            }
            start.countDown();
            for (Future<JsonPath> result : results) {
                JsonPath bundle = result.get(60, TimeUnit.SECONDS);
                if (bundle.get("devices[0].preKey") != null) {
                    ecIds.add(bundle.getInt("devices[0].preKey.keyId"));
                }
                int kyber = bundle.getInt("devices[0].pqPreKey.keyId");
                if (kyber != LAST_RESORT_KEY_ID) {
                    kyberIds.add(kyber);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ecIds).doesNotHaveDuplicates().containsExactlyInAnyOrder(100, 101, 102, 103, 104);
        assertThat(kyberIds).doesNotHaveDuplicates().containsExactlyInAnyOrder(200, 201, 202, 203, 204);
    }

    @Test
    void aKnownUserWithoutLiveDevicesHasAnEmptyList() {
        api.as("carol").get("/v1/devices").then().statusCode(200); // carol is known to the gateway

        api.as("bob").get("/v1/users/carol/devices").then().statusCode(200).body("devices.size()", equalTo(0));
    }

    @Test
    void anUnknownUsernameIsANotFoundProblem() {
        DeviceApi.assertProblem(api.as("bob").get("/v1/users/nobody-by-this-name/devices"), 404, "user-not-found");
        DeviceApi.assertProblem(api.as("bob").get("/v1/users/" + "x".repeat(300) + "/devices"), 404, "user-not-found");
    }

    @Test
    void needsAStaffToken() {
        GatewayHttps.request(gateway).get("/v1/users/carol/devices").then().statusCode(401);
        api.as("auditor").get("/v1/users/carol/devices").then().statusCode(403);
    }
}
