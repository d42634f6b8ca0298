// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palisade.deploy.stack.LocalStack;
import org.palisade.deploy.testing.TestInfrastructure;
import org.palisade.deploy.tls.TlsTrust;
import org.palisade.gateway.delivery.SocketClient;
import org.palisade.gateway.testing.GatewayHttps;
import org.palisade.gateway.testing.LocalStackResource;
import org.palisade.gateway.testing.ProcessLogs;
import org.palisade.gateway.testing.ProcessLogs.Forbidden;

/**
 * A no-logging product: a multi-user scenario through the gateway (devices, messages over HTTPS and the delivery
 * socket, an attachment, refusals, a mistyped password at the SSO) while every log record the gateway's JVM emits (all loggers, any level
 * enabled) is captured, and every line the stack's other processes (Keycloak, Kafka, PostgreSQL, other gateways)
 * append to their logs meanwhile is read back. None may carry a fixture identifier: user ids, usernames, tokens,
 * identity keys, certificate serials, envelope and attachment ids, message or attachment content; nor may the
 * gateway's records or Keycloak's lines carry the client's address.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class NoIdentifiersInLogsTest {

    private static final String ALICE_ID = "4b1e7a52-0b8f-4c55-9d1e-0a6c2f8e1a01";
    private static final String BOB_ID = "4b1e7a52-0b8f-4c55-9d1e-0a6c2f8e1a02";
    private static final String CAROL_ID = "4b1e7a52-0b8f-4c55-9d1e-0a6c2f8e1a03";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String GATEWAY_JVM = "gateway JVM (this test's)";

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
        DeviceApi.forgetDevicesOf(dataSource, "carol");
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("").removeHandler(capture);
    }

    @Test
    void aWholeScenarioLogsNoIdentifier() throws Exception {
        ProcessLogs.Mark otherProcesses = ProcessLogs.mark(otherProcessesLogDirectories());
        List<Forbidden> forbidden = new ArrayList<>(List.of(
                Forbidden.anyCase("alice's user id", ALICE_ID), Forbidden.anyCase("bob's user id", BOB_ID),
                Forbidden.anyCase("carol's user id", CAROL_ID),
                Forbidden.word("username alice", "alice"), Forbidden.word("username bob", "bob"),
                Forbidden.word("username carol", "carol")));
        // the exact tokens every request and socket of the scenario carries
        String aliceToken = DeviceApi.token("alice");
        String bobToken = DeviceApi.token("bob");
        String carolToken = DeviceApi.token("carol");
        forbidToken(forbidden, "alice's token", aliceToken);
        forbidToken(forbidden, "bob's token", bobToken);
        forbidToken(forbidden, "carol's token", carolToken);
        // the content of messages and attachments: encrypted by clients in real life, so never to be logged
        String marker = "PALISADE-LOG-MARKER-" + HexFormat.of().formatHex(random(8));
        assertThat(marker.length() % 3).as("the marker's base64 is a prefix of any content it starts").isZero();
        forbidden.add(Forbidden.exact("content marker", marker));
        forbidden.add(Forbidden.exact("content marker, base64", b64(marker.getBytes(StandardCharsets.UTF_8))));

        // --- devices: alice has one, bob two; carol only looks
        DeviceKeysFixture alice = new DeviceKeysFixture();
        DeviceKeysFixture bob = new DeviceKeysFixture();
        DeviceKeysFixture bobSecond = new DeviceKeysFixture();
        DeviceKeysFixture impostor = new DeviceKeysFixture();
        List<String> certificates = new ArrayList<>();
        certificates.add(register(aliceToken, 61, alice.registration(2, 2)).then().statusCode(201)
                .extract().path("certificate"));
        certificates.add(register(bobToken, 62, bob.registration(1, 1)).then().statusCode(201)
                .extract().path("certificate"));
        certificates.add(register(bobToken, 64, bobSecond.registration(1, 1)).then().statusCode(201)
                .extract().path("certificate"));
        for (DeviceKeysFixture keys : List.of(alice, bob, bobSecond, impostor)) {
            forbidden.add(Forbidden.exact("identity key", DeviceKeysFixture.b64(keys.identity.getPublicKey().serialize())));
        }
        for (String certificate : certificates) {
            forbidCertificate(forbidden, certificate);
        }
        as(bobToken).get("/v1/users/alice/devices").then().statusCode(200);
        as(carolToken).get("/v1/users/bob/devices").then().statusCode(200);
        as(aliceToken).get("/v1/users/bob/devices").then().statusCode(200);
        as(aliceToken).contentType("application/json").body(alice.refill(300, 1, 1)).put("/v1/devices/61/prekeys")
                .then().statusCode(200);

        // --- messages: bob's first device online, his second offline until later
        List<String> envelopeIds = new ArrayList<>();
        try (SocketClient bobFirst = SocketClient.connect(gateway, bobToken, 62)) {
            Response sent = submit(aliceToken, 61, List.of(envelope("bob", 62, marker + " for bob's first device"),
                    envelope("bob", 64, marker + " for bob's second device")));
            sent.then().statusCode(200);
            envelopeIds.addAll(sent.jsonPath().getList("envelopes.id"));
            assertThat(envelopeIds).hasSize(2);
            JsonNode pushed = bobFirst.next("envelope", WAIT);
            assertThat(pushed).as("envelope pushed to bob's first device").isNotNull();
            assertThat(envelopeIds).contains(pushed.path("id").asText());
            bobFirst.ack(pushed.path("id").asText());
            assertThat(bobFirst.next("acked", WAIT)).as("acknowledgement").isNotNull();
            // a replayed acknowledgement is refused with an error frame
            bobFirst.ack(pushed.path("id").asText());
            assertThat(bobFirst.next("error", WAIT)).as("replayed acknowledgement refused").isNotNull();
        }
        try (SocketClient bobSecondSocket = SocketClient.connect(gateway, bobToken, 64)) {
            JsonNode waiting = bobSecondSocket.next("envelope", WAIT);
            assertThat(waiting).as("envelope waiting for bob's second device").isNotNull();
            bobSecondSocket.ack(waiting.path("id").asText());
            assertThat(bobSecondSocket.next("acked", WAIT)).isNotNull();
        }
        // bob answers alice over HTTPS, his other device included; alice fetches and acknowledges it
        Response answer = submit(bobToken, 62, List.of(envelope("alice", 61, marker + " for alice"),
                envelope("bob", 64, marker + " bob's own copy")));
        answer.then().statusCode(200);
        envelopeIds.addAll(answer.jsonPath().getList("envelopes.id"));
        String forAlice = answer.jsonPath().getList("envelopes.id", String.class).get(0);
        List<String> mailbox = List.of();
        for (long deadline = System.nanoTime() + WAIT.toNanos(); !mailbox.contains(forAlice) && System.nanoTime() < deadline; ) {
            mailbox = as(aliceToken).get("/v1/devices/61/mailbox").then().statusCode(200).extract().jsonPath()
                    .getList("envelopes.id");
        }
        assertThat(mailbox).contains(forAlice);
        as(aliceToken).delete("/v1/devices/61/mailbox/" + forAlice).then().statusCode(204);
        as(aliceToken).delete("/v1/devices/61/mailbox/" + forAlice).then().statusCode(404);
        try (SocketClient bobSecondSocket = SocketClient.connect(gateway, bobToken, 64)) {
            JsonNode copy = bobSecondSocket.next("envelope", WAIT);
            assertThat(copy).as("bob's own copy").isNotNull();
            bobSecondSocket.ack(copy.path("id").asText());
            assertThat(bobSecondSocket.next("acked", WAIT)).isNotNull();
        }

        // --- an attachment: alice uploads, bob and carol download
        byte[] attachment = (marker + " attachment " + HexFormat.of().formatHex(random(64))).getBytes(StandardCharsets.UTF_8);
        String attachmentId = as(aliceToken).contentType("application/octet-stream")
                .body(new ByteArrayInputStream(attachment)).post("/v1/attachments").then().statusCode(201)
                .extract().path("id");
        forbidden.add(Forbidden.anyCase("attachment id", attachmentId));
        assertThat(as(bobToken).get("/v1/attachments/" + attachmentId).then().statusCode(200).extract().asByteArray())
                .isEqualTo(attachment);
        as(carolToken).get("/v1/attachments/" + attachmentId).then().statusCode(200);

        // --- refusals
        // a stale device list: bob's second device left out
        submit(aliceToken, 61, List.of(envelope("bob", 62, marker + " stale"))).then().statusCode(409);
        // an unknown recipient
        String stranger = "nobody-" + HexFormat.of().formatHex(random(6));
        forbidden.add(Forbidden.exact("unknown recipient's name", stranger));
        submit(aliceToken, 61, List.of(envelope(stranger, 1, marker + " to nobody"))).then().statusCode(404);
        // another identity key for alice's device, a bad body, a stranger's device, an unknown user
        register(aliceToken, 61, impostor.registration(0, 0)).then().statusCode(409);
        as(aliceToken).contentType("application/json").body("{\"identityKey\": \"not base64!\"").put("/v1/devices/63")
                .then().statusCode(400);
        as(bobToken).delete("/v1/devices/61").then().statusCode(404);
        as(bobToken).get("/v1/users/nobody-by-this-name/devices").then().statusCode(404);
        forbidden.add(Forbidden.exact("unknown user's name", "nobody-by-this-name"));
        // forged tokens: over HTTPS and on a delivery socket
        String tampered = bobToken.substring(0, bobToken.length() - 4) + (bobToken.endsWith("AAAA") ? "BBBB" : "AAAA");
        forbidToken(forbidden, "tampered token", tampered);
        GatewayHttps.request(gateway).auth().oauth2(tampered).get("/v1/devices").then().statusCode(401);
        try (SocketClient forged = SocketClient.open(gateway)) {
            forged.send(Map.of("type", "auth", "token", tampered, "deviceId", 62));
            assertThat(forged.closeCode(WAIT)).as("socket with a forged token closed").isEqualTo(4401);
        }
        // carol has no device 1: her socket is refused
        try (SocketClient carolSocket = SocketClient.open(gateway)) {
            carolSocket.send(Map.of("type", "auth", "token", carolToken, "deviceId", 1));
            assertThat(carolSocket.closeCode(WAIT)).as("socket for a device carol lacks closed").isEqualTo(4403);
        }
        as(aliceToken).delete("/v1/devices/61").then().statusCode(204);
        as(bobToken).delete("/v1/devices/64").then().statusCode(204);
        // a member of staff mistypes her password at the SSO (last: no token of the scenario is fetched after it)
        assertThat(passwordGrant("carol", "not-carols-password-" + HexFormat.of().formatHex(random(6))))
                .as("Keycloak refuses a wrong password").isIn(400, 401);

        for (String id : envelopeIds) {
            forbidden.add(Forbidden.anyCase("envelope id", id));
        }
        // The processes users reach (this gateway, Keycloak) must not log the client's address either: here every
        // client is on 127.0.0.1. Kafka and PostgreSQL are reached by gateways only, so an address in their lines
        // would be a gateway's or their own (listeners, at start), not request metadata; and another test's gateway
        // starting meanwhile logs its own "Listening on https://127.0.0.1:port". Those are not checked for it.
        Forbidden clientAddress = Forbidden.exact("client address", "127.0.0.1");
        List<Forbidden> forbiddenWhereUsersConnect = new ArrayList<>(forbidden);
        forbiddenWhereUsersConnect.add(clientAddress);
        String keycloakLog = TestInfrastructure.get().keycloak().logFile().getFileName().toString();

        // the capture itself works: a record written now is seen
        Logger.getLogger(NoIdentifiersInLogsTest.class.getName()).warning("capture-check");
        assertThat(captured).anyMatch(record -> record.contains("capture-check"));
        // other processes write asynchronously (Keycloak's events, Kafka's group coordinator): let them catch up
        Thread.sleep(2000);

        Map<String, List<String>> gatewayLines = new LinkedHashMap<>();
        synchronized (captured) {
            gatewayLines.put(GATEWAY_JVM, List.copyOf(captured));
        }
        Map<String, List<String>> otherLines = new LinkedHashMap<>();
        otherProcesses.appended().forEach((file, lines) -> otherLines.put(file.getFileName().toString(), lines));
        System.out.printf("log lines during the scenario: %s: %d; %s%n", GATEWAY_JVM, gatewayLines.get(GATEWAY_JVM).size(),
                otherLines.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue().size()).toList());

        List<String> findings = new ArrayList<>(ProcessLogs.findings(gatewayLines, forbiddenWhereUsersConnect));
        otherLines.forEach((file, lines) -> findings.addAll(ProcessLogs.findings(Map.of(file, lines),
                file.equals(keycloakLog) ? forbiddenWhereUsersConnect : forbidden)));
        assertThat(findings).as("log lines carrying a fixture identifier (source: [what] line)").isEmpty();
    }

    /** The scan itself: a line with a fixture id is reported, with its source; words inside words are not. */
    @Test
    void theScanReportsALineCarryingAnIdentifier(@TempDir Path logs) throws Exception {
        Path kafka = logs.resolve("kafka.log");
        Files.writeString(kafka, "[startup] INFO listening on 127.0.0.1 user " + ALICE_ID + "\n");
        ProcessLogs.Mark mark = ProcessLogs.mark(List.of(logs));
        Files.writeString(kafka, "[scenario] INFO fetched offsets for the kebob and bobcat groups\n"
                + "[scenario] WARN user=" + BOB_ID + " failed\n", StandardOpenOption.APPEND);
        Files.writeString(logs.resolve("late.log"), "{\"username\":\"Alice\"}");
        List<Forbidden> forbidden = List.of(Forbidden.anyCase("alice's user id", ALICE_ID),
                Forbidden.anyCase("bob's user id", BOB_ID), Forbidden.word("username bob", "bob"),
                Forbidden.word("username alice", "alice"));

        Map<String, List<String>> lines = new LinkedHashMap<>();
        mark.appended().forEach((file, appended) -> lines.put(file.getFileName().toString(), appended));
        assertThat(ProcessLogs.findings(lines, forbidden)).containsExactly(
                "kafka.log: [bob's user id] [scenario] WARN user=" + BOB_ID + " failed",
                "late.log: [username alice] {\"username\":\"Alice\"}");
        // a long line is cut to the part that holds the identifier
        assertThat(ProcessLogs.findings(Map.of(GATEWAY_JVM, List.of("x".repeat(400) + ALICE_ID + "y".repeat(400))),
                forbidden)).singleElement().asString().startsWith(GATEWAY_JVM + ": [alice's user id] ...xxx")
                .contains(ALICE_ID).endsWith("yyy...");
    }

    /**
     * Where the stack's other processes write: each component's stdout and stderr go to {@code logs/<name>.log}
     * (Keycloak and Kafka log to the console, PostgreSQL to stderr: no logging collector); the directories where
     * PostgreSQL's collector and Keycloak's file handler would write are watched too, should either be enabled.
     * Kafka's data directory holds segment files named {@code *.log}: data, not logs, and not watched.
     */
    private static List<Path> otherProcessesLogDirectories() {
        LocalStack stack = TestInfrastructure.get();
        return List.of(stack.home().logs(), stack.home().componentDir("postgres").resolve("data/log"),
                stack.home().componentDir("keycloak").resolve("dist/data/log"));
    }

    /** A password grant at the stack's Keycloak, as the CLI makes it; the HTTP status. */
    private static int passwordGrant(String username, String password) throws Exception {
        LocalStack stack = TestInfrastructure.get();
        HttpClient http = HttpClient.newBuilder()
                .sslContext(TlsTrust.trusting(stack.certificateAuthority().caCertificate())).build();
        String form = "grant_type=password&client_id=palisade-cli&scope=openid&username="
                + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.keycloak().issuer() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private RequestSpecification as(String token) {
        return GatewayHttps.request(gateway).auth().oauth2(token);
    }

    private Response register(String token, int deviceId, Map<String, Object> body) {
        return as(token).contentType("application/json").body(body).put("/v1/devices/" + deviceId);
    }

    private Response submit(String token, int senderDevice, List<Map<String, Object>> envelopes) {
        return as(token).contentType("application/json").body(Map.of("envelopes", envelopes))
                .post("/v1/devices/" + senderDevice + "/messages");
    }

    private static Map<String, Object> envelope(String recipient, int deviceId, String text) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("recipient", recipient);
        envelope.put("deviceId", deviceId);
        envelope.put("registrationId", 4242);
        envelope.put("type", "ciphertext");
        envelope.put("content", b64(text.getBytes(StandardCharsets.UTF_8)));
        return envelope;
    }

    /** A JWT's payload and signature: each unique to the token (the header is shared by all). */
    private static void forbidToken(List<Forbidden> forbidden, String label, String token) {
        String[] parts = token.split("\\.");
        assertThat(parts).as("a JWT").hasSize(3);
        forbidden.add(Forbidden.exact(label + " (payload)", parts[1]));
        forbidden.add(Forbidden.exact(label + " (signature)", parts[2]));
    }

    /** A certificate's serial, as the revocation list writes it and in decimal, and its DER past the header. */
    private static void forbidCertificate(List<Forbidden> forbidden, String base64Certificate) {
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(base64Certificate)));
            BigInteger serial = certificate.getSerialNumber();
            forbidden.add(Forbidden.anyCase("certificate serial", serial.toString(16)));
            forbidden.add(Forbidden.exact("certificate serial, decimal", serial.toString()));
            forbidden.add(Forbidden.exact("certificate", base64Certificate.substring(40, 120)));
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
