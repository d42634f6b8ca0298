// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.palisade.deploy.testing.TestInfrastructure;
import org.palisade.gateway.devices.DeviceApi;
import org.palisade.gateway.testing.GatewayHttps;
import org.palisade.gateway.testing.LocalStackResource;

/**
 * What the gateway streams and stores names no one and shows nothing: the Kafka log segments on disk and the
 * mailbox rows hold neither the ciphertext nor any user id or username (in text or binary form), and the metrics
 * carry no per-user tag.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class EnvelopeConfidentialityTest extends DeliveryTestBase {

    private static final String ALICE_ID = "4b1e7a52-0b8f-4c55-9d1e-0a6c2f8e1a01";
    private static final String BOB_ID = "4b1e7a52-0b8f-4c55-9d1e-0a6c2f8e1a02";


    @Test
    void kafkaSegmentsAndMailboxRowsHoldNoIdentifiersOrCiphertext() throws Exception {
        String marker = "CONFIDENTIAL-MARKER-" + UUID.randomUUID();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(messaging.send("alice", 1, "bob", 1, marker));
        }
        // the envelopes are in the mailbox once the writer has read them from Kafka
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (mailboxRows() < ids.size() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(mailboxRows()).isEqualTo(ids.size());

        List<byte[]> forbidden = forbidden(marker, ids);
        byte[] segments = kafkaSegments();
        assertThat(segments.length).as("Kafka wrote segments").isPositive();
        assertThat(indexOfAny(segments, forbidden)).as("Kafka log segments").isNull();
        assertThat(indexOfAny(mailboxDump(), forbidden)).as("mailbox rows").isNull();

        // and the envelopes still arrive intact: sealing is not destruction
        try (SocketClient bob = SocketClient.connect(gateway, DeviceApi.token("bob"), 1)) {
            assertThat(Messaging.text(bob.next("envelope", Duration.ofSeconds(20)))).isEqualTo(marker);
        }
    }

    @Test
    void metricsCountWithoutNamingAnyone() throws Exception {
        messaging.send("alice", 1, "bob", 1, "counted");
        DeviceApi.assertProblem(messaging.submit("alice", 1, List.of(Messaging.envelope("bob", 9, "x"))), 409,
                "stale-device-list");
        try (SocketClient bob = SocketClient.connect(gateway, DeviceApi.token("bob"), 1)) {
            assertThat(bob.next("envelope", Duration.ofSeconds(20))).isNotNull();
        }
        String metrics = GatewayHttps.request(gateway).get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("palisade_envelopes_accepted_total", "palisade_envelopes_delivered_total",
                "palisade_envelopes_refused_total{reason=\"stale-device-list\"}", "palisade_delivery_latency_seconds_bucket",
                "palisade_mailbox_depth", "palisade_websocket_sessions", "kafka_consumer_fetch_manager_records_lag_max");
        assertThat(metrics).doesNotContain(ALICE_ID, BOB_ID, "alice", "bob");
    }

    private List<byte[]> forbidden(String marker, List<String> ids) {
        List<byte[]> forbidden = new ArrayList<>();
        // usernames of five or more letters: a three-letter one would turn up by chance in megabytes of ciphertext
        for (String text : List.of(marker, Base64.getEncoder().encodeToString(marker.getBytes(StandardCharsets.UTF_8)),
                ALICE_ID, BOB_ID, "alice", "carol")) {
            forbidden.add(text.getBytes(StandardCharsets.UTF_8));
        }
        for (String id : concat(List.of(ALICE_ID, BOB_ID), ids)) {
            UUID uuid = UUID.fromString(id);
            forbidden.add(ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                    .putLong(uuid.getLeastSignificantBits()).array());
        }
        return forbidden;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Every byte of the envelope topic's segment files on the broker's disk. */
    private static byte[] kafkaSegments() throws IOException {
        Path data = TestInfrastructure.get().home().componentDir("kafka").resolve("data");
        var out = new java.io.ByteArrayOutputStream();
        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : files.filter(path -> path.getParent().getFileName().toString().startsWith("palisade.envelopes-")
                    && path.toString().endsWith(".log")).toList()) {
                out.write(Files.readAllBytes(file));
            }
        }
        return out.toByteArray();
    }

    /** The mailbox table as PostgreSQL returns it, every column. */
    private byte[] mailboxDump() throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        try (Connection connection = dataSource.getConnection(); Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery("select * from mailbox")) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                for (int i = 1; i <= columns; i++) {
                    byte[] bytes = rows.getBytes(i);
                    if (bytes != null) {
                        out.write(bytes);
                    }
                }
            }
        }
        return out.toByteArray();
    }


    /** The first forbidden sequence found in {@code haystack}, in hex, or null. */
    private static String indexOfAny(byte[] haystack, List<byte[]> needles) {
        for (byte[] needle : needles) {
            outer:
            for (int i = 0; i + needle.length <= haystack.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (haystack[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return HexFormat.of().formatHex(needle) + " at " + i;
            }
        }
        return null;
    }
}
