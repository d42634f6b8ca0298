// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palisade.deploy.testing.KeycloakTokens;
import org.palisade.deploy.testing.TestInfrastructure;
import org.palisade.gateway.custody.OrganisationCustody;
import org.palisade.gateway.testing.GatewayHttps;
import org.palisade.gateway.testing.LocalStackResource;

/**
 * Device registration against the real stack: keys made by libsignal, tokens from Keycloak, the certificate
 * signed in SoftHSM2 and recorded in the custody ledger, rows in PostgreSQL.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class DevicesResourceTest {

    private static final String ALICE_ID = "4b1e7a52-0b8f-4c55-9d1e-0a6c2f8e1a01";

    @TestHTTPResource(value = "/", tls = true)
    URL gateway;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    OrganisationCustody organisation;

    private final KeycloakTokens tokens = new KeycloakTokens(TestInfrastructure.get());

    /** The test database outlives a run: start each test with no devices for the demo users. */
    @BeforeEach
    void forgetDemoDevices() throws Exception {
        try (Connection connection = dataSource.getConnection(); PreparedStatement delete = connection.prepareStatement(
                "delete from devices where user_id in (select id from users where username in ('alice', 'bob'))")) {
            delete.executeUpdate();
        }
    }

    @Test
    void registersADeviceAndIssuesACertificateTheRootVerifies(@TempDir Path dir) throws Exception {
        DeviceKeysFixture keys = new DeviceKeysFixture();
        long issuedBefore = ledgerEntriesForDeviceCertificates();

        Response response = as("alice").contentType("application/json").body(keys.registration(3, 2)).put("/v1/devices/1");

        response.then().statusCode(201).body("deviceId", equalTo(1));
        byte[] der = Base64.getDecoder().decode(response.jsonPath().getString("certificate"));
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
        X509Certificate root = organisation.custody().rootCertificate();
        certificate.verify(root.getPublicKey());
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal());
        assertThat(certificate.getSubjectX500Principal().getName()).contains("CN=alice/1").contains(ALICE_ID);
        byte[] identityExtension = ASN1OctetString.getInstance(
                certificate.getExtensionValue(DeviceCertificateIssuer.IDENTITY_KEY_EXTENSION.getId())).getOctets();
        assertThat(ASN1OctetString.getInstance(identityExtension).getOctets()).isEqualTo(keys.identity.getPublicKey().serialize());
        byte[] deviceIdExtension = ASN1OctetString.getInstance(
                certificate.getExtensionValue(DeviceCertificateIssuer.DEVICE_ID_EXTENSION.getId())).getOctets();
        assertThat(ASN1Integer.getInstance(deviceIdExtension).intValueExact()).isEqualTo(1);
        assertThat(ledgerEntriesForDeviceCertificates()).isEqualTo(issuedBefore + 1);

        Path rootPem = pem(dir.resolve("root.pem"), root.getEncoded());
        Path devicePem = pem(dir.resolve("device.pem"), der);
        assertThat(openssl("x509", "-noout", "-text", "-in", devicePem.toString()))
                .contains("X25519 Public-Key", DeviceCertificateIssuer.IDENTITY_KEY_EXTENSION.getId());
        assertThat(openssl("verify", "-CAfile", rootPem.toString(), devicePem.toString())).contains(": OK");

        assertThat(countRows("one_time_prekeys")).isEqualTo(3);
        assertThat(countRows("one_time_kyber_prekeys")).isEqualTo(2);
        assertThat(countRows("signed_prekeys")).isEqualTo(1);
        assertThat(countRows("kyber_last_resort_prekeys")).isEqualTo(1);
    }

    @Test
    void listsTheCallersOwnDevicesOnly() {
        as("alice").contentType("application/json").body(new DeviceKeysFixture().registration(0, 0)).put("/v1/devices/2")
                .then().statusCode(201);

        Response alices = as("alice").get("/v1/devices");
        alices.then().statusCode(200);
        List<Map<String, Object>> devices = alices.jsonPath().getList("devices");
        assertThat(devices).hasSize(1);
        assertThat(devices.get(0)).containsEntry("deviceId", 2).containsEntry("registrationId", 4242)
                .containsEntry("revoked", null).containsKey("created").containsKey("certificate");

        as("bob").get("/v1/devices").then().statusCode(200).body("devices.size()", equalTo(0));
    }

    @Test
    void refusesABadSignedPreKeySignatureAndStoresNothing() {
        DeviceKeysFixture keys = new DeviceKeysFixture();
        Map<String, Object> body = keys.registration(1, 1);
        @SuppressWarnings("unchecked")
        Map<String, Object> signedPreKey = (Map<String, Object>) body.get("signedPreKey");
        byte[] signature = Base64.getDecoder().decode((String) signedPreKey.get("signature"));
        signature[5] ^= 0x01;
        signedPreKey.put("signature", DeviceKeysFixture.b64(signature));
        long issuedBefore = ledgerEntriesForDeviceCertificates();

        assertProblem(as("alice").contentType("application/json").body(body).put("/v1/devices/3"), 400, "bad-prekey-signature");

        as("alice").get("/v1/devices").then().statusCode(200).body("devices.size()", equalTo(0));
        assertThat(ledgerEntriesForDeviceCertificates()).isEqualTo(issuedBefore);
    }

    @Test
    void refusesABadKyberSignature() {
        DeviceKeysFixture keys = new DeviceKeysFixture();
        Map<String, Object> body = keys.registration(0, 0);
        @SuppressWarnings("unchecked")
        Map<String, Object> kyber = (Map<String, Object>) body.get("pqLastResortPreKey");
        kyber.put("signature", ((Map<?, ?>) body.get("signedPreKey")).get("signature"));

        assertProblem(as("alice").contentType("application/json").body(body).put("/v1/devices/3"), 400, "bad-prekey-signature");
    }

    @Test
    void refusesAMalformedIdentityKey() {
        Map<String, Object> body = new DeviceKeysFixture().registration(0, 0);
        body.put("identityKey", DeviceKeysFixture.b64(new byte[33]));

        assertProblem(as("alice").contentType("application/json").body(body).put("/v1/devices/3"), 400, "malformed-key");
    }

    @Test
    void refusesDeviceIdsOutsideOneTo127() {
        Map<String, Object> body = new DeviceKeysFixture().registration(0, 0);
        for (String id : List.of("0", "128", "-1", "x")) {
            assertProblem(as("alice").contentType("application/json").body(body).put("/v1/devices/" + id), 400, "invalid-device-id");
        }
    }

    @Test
    void refusesMalformedBase64AndJsonWithoutEchoingThem() {
        Map<String, Object> body = new DeviceKeysFixture().registration(0, 0);
        body.put("identityKey", "not*base64!!marker");
        Response badBase64 = as("alice").contentType("application/json").body(body).put("/v1/devices/4");
        assertProblem(badBase64, 400, "malformed-key");
        assertThat(badBase64.asString()).doesNotContain("marker");

        Response badJson = as("alice").contentType("application/json").body("{\"identityKey\": \"marker").put("/v1/devices/4");
        assertProblem(badJson, 400, "malformed-request");
        assertThat(badJson.asString()).doesNotContain("marker");

        Map<String, Object> missing = new DeviceKeysFixture().registration(0, 0);
        missing.remove("pqLastResortPreKey");
        assertProblem(as("alice").contentType("application/json").body(missing).put("/v1/devices/4"), 400, "invalid-request");

        as("alice").get("/v1/devices").then().statusCode(200).body("devices.size()", equalTo(0));
    }

    @Test
    void refusesAnotherIdentityKeyForALiveDeviceAndAcceptsTheSameOne() {
        DeviceKeysFixture first = new DeviceKeysFixture();
        String certificate = as("alice").contentType("application/json").body(first.registration(1, 0))
                .put("/v1/devices/5").then().statusCode(201).extract().path("certificate");

        assertProblem(as("alice").contentType("application/json").body(new DeviceKeysFixture().registration(0, 0))
                .put("/v1/devices/5"), 409, "identity-key-conflict");
        // fresh prekeys, the same certificate: no second serial that revocation would miss
        as("alice").contentType("application/json").body(first.registration(0, 0)).put("/v1/devices/5").then()
                .statusCode(200).body("certificate", equalTo(certificate));

        as("alice").get("/v1/devices").then().statusCode(200).body("devices.size()", equalTo(1));
        // the same device id is free for another user
        as("bob").contentType("application/json").body(new DeviceKeysFixture().registration(0, 0)).put("/v1/devices/5")
                .then().statusCode(201);
    }

    @Test
    void concurrentRegistrationsOfOneDeviceIdWithDifferentKeysLeaveOneWinner() throws Exception {
        String token = tokens.accessToken("alice");
        List<Map<String, Object>> bodies = List.of(new DeviceKeysFixture().registration(0, 0),
                new DeviceKeysFixture().registration(0, 0), new DeviceKeysFixture().registration(0, 0),
                new DeviceKeysFixture().registration(0, 0));
        long issuedBefore = ledgerEntriesForDeviceCertificates();
        ExecutorService pool = Executors.newFixedThreadPool(bodies.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> statuses = new ArrayList<>();
            for (Map<String, Object> body : bodies) {
                statuses.add(pool.submit(() -> {
                    start.await();
                    return GatewayHttps.request(gateway).auth().oauth2(token).contentType("application/json").body(body)
                            .put("/v1/devices/7").statusCode();
                }));
            }
            start.countDown();
            List<Integer> results = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                results.add(status.get(60, TimeUnit.SECONDS));
            }
            assertThat(results).containsOnly(201, 409).filteredOn(status -> status == 201).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        as("alice").get("/v1/devices").then().statusCode(200).body("devices.size()", equalTo(1));
        assertThat(ledgerEntriesForDeviceCertificates()).as("refused registrations sign nothing").isEqualTo(issuedBefore + 1);
    }

    @Test
    void refusesRequestsWithoutAToken() {
        GatewayHttps.request(gateway).get("/v1/devices").then().statusCode(401);
        GatewayHttps.request(gateway).contentType("application/json").body(new DeviceKeysFixture().registration(0, 0))
                .put("/v1/devices/6").then().statusCode(401);
    }

    private RequestSpecification as(String user) {
        return GatewayHttps.request(gateway).auth().oauth2(tokens.accessToken(user));
    }

    private static void assertProblem(Response response, int status, String slug) {
        response.then().statusCode(status).contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:palisade:problem:" + slug)).body("status", equalTo(status));
    }

    private long ledgerEntriesForDeviceCertificates() {
        StringWriter out = new StringWriter();
        try {
            organisation.ledger().export(out);
        } catch (Exception e) {
            throw new AssertionError("cannot export the custody ledger", e);
        }
        return out.toString().lines().filter(line -> line.contains("\"purpose\":\"device-certificate\"")).count();
    }

    private long countRows(String table) throws Exception {
        try (Connection connection = dataSource.getConnection(); PreparedStatement count = connection.prepareStatement(
                "select count(*) from " + table + " k join devices d on d.id = k.device where d.user_id = ?")) {
            count.setObject(1, UUID.fromString(ALICE_ID));
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static Path pem(Path file, byte[] der) throws Exception {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return Files.writeString(file, "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n");
    }

    private static String openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
