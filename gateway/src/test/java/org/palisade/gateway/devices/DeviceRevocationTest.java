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
import java.io.ByteArrayInputStream;
import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.palisade.gateway.testing.LocalStackResource;

/** Revocation by the owner and by an admin, and the published revocation list, against the real stack. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class DeviceRevocationTest {

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
    void aRevokedDeviceLeavesTheBundlesIsListedAndItsIdCanBeRegisteredAgain() throws Exception {
        String certificate = api.register("carol", 41, new DeviceKeysFixture().registration(2, 2))
                .then().statusCode(201).extract().path("certificate");
        api.register("carol", 42, new DeviceKeysFixture().registration(0, 0)).then().statusCode(201);
        Instant before = Instant.now();

        api.as("carol").delete("/v1/devices/41").then().statusCode(204);

        JsonPath bundles = api.as("bob").get("/v1/users/carol/devices").then().statusCode(200).extract().jsonPath();
        assertThat(bundles.getList("devices.deviceId", Integer.class)).containsExactly(42);
        assertThat(prekeyRowsOfRevokedDevices()).as("a revoked device keeps no prekeys").isZero();
        String serial = serialOf(certificate);
        List<Map<String, Object>> revoked = revokedCertificates();
        Map<String, Object> entry = revoked.stream().filter(e -> serial.equals(e.get("serialNumber"))).findFirst().orElseThrow();
        assertThat(Instant.parse((String) entry.get("revokedAt"))).isAfterOrEqualTo(before.minusSeconds(5));
        assertThat(api.as("carol").get("/v1/devices").then().statusCode(200).extract().jsonPath()
                .getString("devices.find { it.deviceId == 41 }.revoked")).isNotNull();

        DeviceApi.assertProblem(api.as("carol").delete("/v1/devices/41"), 404, "device-not-found");
        String renewed = api.register("carol", 41, new DeviceKeysFixture().registration(1, 1))
                .then().statusCode(201).extract().path("certificate");
        assertThat(serialOf(renewed)).isNotEqualTo(serial);
        assertThat(api.as("bob").get("/v1/users/carol/devices").then().statusCode(200).extract().jsonPath()
                .getList("devices.deviceId", Integer.class)).containsExactly(41, 42);
        assertThat(revokedCertificates()).noneMatch(e -> serialOf(renewed).equals(e.get("serialNumber")));
    }

    @Test
    void anAdminRevokesAnyUsersDevice() {
        String certificate = api.register("carol", 43, new DeviceKeysFixture().registration(1, 1))
                .then().statusCode(201).extract().path("certificate");

        api.as("admin").delete("/v1/admin/users/carol/devices/43").then().statusCode(204);

        api.as("bob").get("/v1/users/carol/devices").then().statusCode(200).body("devices.size()", equalTo(0));
        assertThat(revokedCertificates()).anyMatch(e -> serialOf(certificate).equals(e.get("serialNumber")));
        DeviceApi.assertProblem(api.as("admin").delete("/v1/admin/users/carol/devices/43"), 404, "device-not-found");
        DeviceApi.assertProblem(api.as("admin").delete("/v1/admin/users/nobody-by-this-name/devices/43"), 404, "user-not-found");
    }

    @Test
    void staffCannotUseTheAdminEndpointNorRevokeAnotherUsersDevice() {
        api.register("carol", 44, new DeviceKeysFixture().registration(1, 1)).then().statusCode(201);

        api.as("bob").delete("/v1/admin/users/carol/devices/44").then().statusCode(403);
        DeviceApi.assertProblem(api.as("bob").delete("/v1/devices/44"), 404, "device-not-found");
        api.as("admin").get("/v1/revoked-certificates").then().statusCode(403);

        assertThat(api.as("bob").get("/v1/users/carol/devices").then().statusCode(200).extract().jsonPath()
                .getList("devices.deviceId", Integer.class)).containsExactly(44);
    }

    private List<Map<String, Object>> revokedCertificates() {
        return api.as("bob").get("/v1/revoked-certificates").then().statusCode(200).extract().jsonPath().getList("certificates");
    }

    private static String serialOf(String certificate) {
        try {
            X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(certificate)));
            return parsed.getSerialNumber().toString(16);
        } catch (Exception e) {
            throw new AssertionError("not a certificate", e);
        }
    }

    private long prekeyRowsOfRevokedDevices() throws Exception {
        try (Connection connection = dataSource.getConnection(); PreparedStatement count = connection.prepareStatement(
                "select (select count(*) from one_time_prekeys k join devices d on d.id = k.device where d.revoked_at is not null)"
                        + " + (select count(*) from one_time_kyber_prekeys k join devices d on d.id = k.device where d.revoked_at is not null)"
                        + " + (select count(*) from signed_prekeys k join devices d on d.id = k.device where d.revoked_at is not null)")) {
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
