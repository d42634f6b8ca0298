// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.palisade.gateway.testing.GatewayHttps;
import org.palisade.gateway.testing.LocalStackResource;

/**
 * A no-logging product: a multi-user scenario through the gateway, bad requests included, while every log
 * record the gateway's JVM emits (all loggers, any level enabled) is captured; none may carry a fixture
 * identifier: user ids, usernames, identity keys, tokens, certificate serials.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class NoIdentifiersInLogsTest {

    private static final String ALICE_ID = "4b1e7a52-0b8f-4c55-9d1e-0a6c2f8e1a01";
    private static final String BOB_ID = "4b1e7a52-0b8f-4c55-9d1e-0a6c2f8e1a02";

    @TestHTTPResource(value = "/", tls = true)
    URL gateway;

    @Inject
    AgroalDataSource dataSource;

    private final List<String> captured = Collections.synchronizedList(new ArrayList<>());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            StringWriter text = new StringWriter();
            text.append(record.getLoggerName()).append(' ').append(String.valueOf(record.getMessage()));
            if (record.getParameters() != null) {
                for (Object parameter : record.getParameters()) {
                    text.append(' ').append(String.valueOf(parameter));
                }
            }
            if (record.getThrown() != null) {
                record.getThrown().printStackTrace(new PrintWriter(text));
            }
            captured.add(text.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureEveryLogRecord() throws Exception {
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
        DeviceApi.forgetDevicesOf(dataSource, "alice");
        DeviceApi.forgetDevicesOf(dataSource, "bob");
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void aWholeScenarioLogsNoIdentifier() {
        DeviceApi api = new DeviceApi(gateway);
        DeviceKeysFixture alice = new DeviceKeysFixture();
        DeviceKeysFixture bob = new DeviceKeysFixture();
        String aliceCertificate = api.register("alice", 61, alice.registration(2, 2)).then().statusCode(201)
                .extract().path("certificate");
        api.register("bob", 62, bob.registration(1, 1)).then().statusCode(201);
        api.as("bob").get("/v1/users/alice/devices").then().statusCode(200);
        api.as("alice").contentType("application/json").body(alice.refill(300, 1, 1)).put("/v1/devices/61/prekeys")
                .then().statusCode(200);
        // refusals: another identity key, a bad body, a forged token, a stranger's device, an unknown user
        api.register("alice", 61, new DeviceKeysFixture().registration(0, 0)).then().statusCode(409);
        api.as("alice").contentType("application/json").body("{\"identityKey\": \"not base64!\"").put("/v1/devices/63")
                .then().statusCode(400);
        String bobToken = DeviceApi.token("bob");
        GatewayHttps.request(gateway).auth().oauth2(bobToken.substring(0, bobToken.length() - 4) + "AAAA")
                .get("/v1/devices").then().statusCode(401);
        api.as("bob").delete("/v1/devices/61").then().statusCode(404);
        api.as("bob").get("/v1/users/nobody-by-this-name/devices").then().statusCode(404);
        api.as("alice").delete("/v1/devices/61").then().statusCode(204);

        List<String> identifiers = List.of(ALICE_ID, BOB_ID, "alice", "nobody-by-this-name",
                DeviceKeysFixture.b64(alice.identity.getPublicKey().serialize()),
                DeviceKeysFixture.b64(bob.identity.getPublicKey().serialize()),
                bobToken.substring(bobToken.lastIndexOf('.') + 1), aliceCertificate.substring(0, 40),
                serialOf(aliceCertificate));
        // the capture itself works: a record written now is seen
        Logger.getLogger(NoIdentifiersInLogsTest.class.getName()).warning("capture-check");
        assertThat(captured).anyMatch(record -> record.contains("capture-check"));
        synchronized (captured) {
            for (String identifier : identifiers) {
                assertThat(captured).as("log records containing a fixture identifier")
                        .noneMatch(record -> record.contains(identifier));
            }
        }
    }

    private static String serialOf(String base64Certificate) {
        try {
            var certificate = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(java.util.Base64.getDecoder().decode(base64Certificate)));
            return HexFormat.of().formatHex(certificate.getSerialNumber().toByteArray());
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalStateException(e);
        }
    }
}
