// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.attachments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.palisade.deploy.testing.KeycloakTokens;
import org.palisade.deploy.testing.TestInfrastructure;
import org.palisade.gateway.epochs.EpochCipher;
import org.palisade.gateway.epochs.EpochKeys;
import org.palisade.gateway.epochs.EpochsConfig;
import org.palisade.gateway.testing.GatewayHttps;
import org.palisade.gateway.testing.LocalStackResource;

/**
 * Attachments over HTTPS with real tokens, database, epoch keys and HSM: upload, download by another member of
 * staff, what lands in the database, the size limit, refusals, and deletion when the retention has passed.
 * The test profile's limit ({@code %test.palisade.attachments.max-size}) is 6 MiB.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class AttachmentsResourceTest {

    private static final KeycloakTokens TOKENS = new KeycloakTokens(TestInfrastructure.get());
    private static final int FIVE_MIB = 5 * 1024 * 1024;
    private static final int SEALING_OVERHEAD = 1 + 8 + 12 + 16;
    private static final String UUID_V4 = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    @TestHTTPResource(value = "/", tls = true)
    URL gateway;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Attachments attachments;

    @Inject
    AttachmentRetentionJob retentionJob;

    @Inject
    AttachmentsConfig config;

    @Inject
    EpochKeys keys;

    @Inject
    EpochsConfig epochs;

    private final Random random = new Random();

    @Test
    void anotherMemberOfStaffDownloadsExactlyTheUploadedBytes() {
        byte[] content = randomBytes(FIVE_MIB);
        long epochBefore = keys.currentEpoch();
        Response created = upload("alice", content);
        long epochAfter = keys.currentEpoch();
        created.then().statusCode(201).contentType(startsWith("application/json"));
        String id = created.path("id");
        assertThat(id).matches(UUID_V4);
        assertThat(created.<Integer>path("size")).isEqualTo(FIVE_MIB);
        assertThat(created.header("Location")).endsWith("/v1/attachments/" + id);
        long epoch = row(id).epoch();
        assertThat(epoch).isBetween(epochBefore, epochAfter);
        assertThat(Instant.parse(created.<String>path("expires"))).isEqualTo(keys.endOf(epoch).plus(epochs.retention()));

        byte[] downloaded = as("bob").get("/v1/attachments/" + id).then().statusCode(200)
                .contentType("application/octet-stream").header("Cache-Control", "no-store")
                .extract().asByteArray();
        assertThat(downloaded).hasSize(FIVE_MIB);
        assertThat(Arrays.mismatch(downloaded, content)).as("first differing byte").isEqualTo(-1);
        // the id is the capability, not its spelling: upper case names the same attachment
        assertThat(as("carol").get("/v1/attachments/" + id.toUpperCase(Locale.ROOT)).then().statusCode(200)
                .extract().asByteArray()).hasSize(FIVE_MIB);
    }

    @Test
    void theDatabaseHoldsOnlySealedBytes() {
        byte[] content = randomBytes(FIVE_MIB);
        String id = upload("alice", content).then().statusCode(201).extract().path("id");

        Row row = row(id);
        assertThat(row.size()).isEqualTo(FIVE_MIB);
        assertThat(row.sealed()).hasSize(FIVE_MIB + SEALING_OVERHEAD);
        assertThat(row.sealed()[0]).as("sealed format").isEqualTo((byte) 1);
        assertThat(EpochCipher.epochOf(row.sealed())).isEqualTo(row.epoch());
        assertThat(Arrays.equals(row.sealed(), content)).isFalse();
        assertThat(Arrays.equals(Arrays.copyOfRange(row.sealed(), SEALING_OVERHEAD - 16, FIVE_MIB + SEALING_OVERHEAD - 16),
                content)).isFalse();
        // the check below finds the content where it is in the clear
        byte[] inTheClear = new byte[content.length + 7];
        System.arraycopy(content, 0, inTheClear, 7, content.length);
        assertThat(sharesA64ByteWindow(content, inTheClear)).isTrue();
        assertThat(sharesA64ByteWindow(content, row.sealed())).as("a 64-byte window of the upload in the database")
                .isFalse();
    }

    @Test
    void anUploadOverTheLimitIsRefusedAndNothingIsKept() {
        int max = Math.toIntExact(config.maxSize());
        assertThat(max).as("the test profile's limit").isEqualTo(6 * 1024 * 1024);
        long before = count();

        // declared too large (Content-Length), and streamed without a length (chunked): refused while counting
        assertProblem(upload("alice", randomBytes(max + 1)), 413, "attachment-too-large");
        assertProblem(as("alice").contentType("application/octet-stream")
                .body(new ByteArrayInputStream(randomBytes(max + 1))).post("/v1/attachments"), 413, "attachment-too-large");
        assertThat(count()).isEqualTo(before);

        // an endless stream without a length: refused once the first byte beyond the limit is read, no later
        long[] consumed = {0};
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                consumed[0]++;
                return 7;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                Arrays.fill(buffer, offset, offset + length, (byte) 7);
                consumed[0] += length;
                return length;
            }
        };
        assertThatThrownBy(() -> attachments.upload(endless, -1)).isInstanceOfSatisfying(AttachmentException.class,
                e -> assertThat(e.reason()).isEqualTo(AttachmentException.Reason.TOO_LARGE));
        assertThat(consumed[0]).isEqualTo(max + 1L);
        assertThat(count()).isEqualTo(before);

        // exactly the limit, streamed: accepted
        byte[] atTheLimit = randomBytes(max);
        Response accepted = as("alice").contentType("application/octet-stream")
                .body(new ByteArrayInputStream(atTheLimit)).post("/v1/attachments");
        accepted.then().statusCode(201).body("size", equalTo(max));
        assertThat(count()).isEqualTo(before + 1);
        byte[] downloaded = as("bob").get("/v1/attachments/" + accepted.path("id")).then().statusCode(200)
                .extract().asByteArray();
        assertThat(Arrays.mismatch(downloaded, atTheLimit)).isEqualTo(-1);
    }

    @Test
    void anEmptyBodyIsRefused() {
        long before = count();
        assertProblem(upload("alice", new byte[0]), 400, "empty-attachment");
        assertProblem(as("alice").contentType("application/octet-stream").body(new ByteArrayInputStream(new byte[0]))
                .post("/v1/attachments"), 400, "empty-attachment");
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void malformedAndUnknownIdsAreNotFound() {
        for (String id : List.of("not-a-uuid", "1-1-1-1-1", "00000000000000000000000000000000",
                UUID.randomUUID().toString(), "%20" + UUID.randomUUID())) {
            assertProblem(as("bob").get("/v1/attachments/" + id), 404, "attachment-not-found");
        }
    }

    @Test
    void withoutATokenNothingIsStoredOrServed() {
        String id = upload("alice", randomBytes(1000)).then().statusCode(201).extract().path("id");
        long before = count();
        GatewayHttps.request(gateway).contentType("application/octet-stream").body(randomBytes(1000))
                .post("/v1/attachments").then().statusCode(401);
        Response download = GatewayHttps.request(gateway).get("/v1/attachments/" + id);
        download.then().statusCode(401);
        assertThat(download.asByteArray()).isEmpty();
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void withoutTheStaffRoleNothingIsStoredOrServed() {
        String id = upload("alice", randomBytes(1000)).then().statusCode(201).extract().path("id");
        long before = count();
        upload("auditor", randomBytes(1000)).then().statusCode(403);
        Response download = as("auditor").get("/v1/attachments/" + id);
        download.then().statusCode(403);
        assertThat(download.asByteArray()).isEmpty();
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void attachmentsAreDeletedWhenTheirRetentionHasPassed() {
        byte[] content = randomBytes(4096);
        Response created = upload("alice", content);
        created.then().statusCode(201);
        String id = created.path("id");
        Instant expires = Instant.parse(created.path("expires"));
        assertThat(expires).isAfter(Instant.now().plus(epochs.retention()));

        // now: a fresh upload stays, and so it does until the second its retention passes
        attachments.deleteExpired(Instant.now());
        attachments.deleteExpired(expires.minusSeconds(1));
        assertThat(rowExists(id)).isTrue();
        assertThat(as("bob").get("/v1/attachments/" + id).then().statusCode(200).extract().asByteArray())
                .isEqualTo(content);

        assertThat(attachments.deleteExpired(expires)).isGreaterThanOrEqualTo(1);
        assertThat(rowExists(id)).isFalse();
        assertProblem(as("bob").get("/v1/attachments/" + id), 404, "attachment-not-found");

        upload("alice", randomBytes(100)).then().statusCode(201);
        assertThat(count()).isGreaterThanOrEqualTo(1);
        assertThat(attachments.deleteExpired(Instant.now().plus(Duration.ofDays(3650)))).isGreaterThanOrEqualTo(1);
        assertThat(count()).isZero();
    }

    @Test
    void nothingIsLoggedThatNamesAnAttachment() {
        List<String> captured = Collections.synchronizedList(new ArrayList<>());
        Handler capture = new Handler() {
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
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
        String id;
        String unknown = UUID.randomUUID().toString();
        try {
            id = upload("alice", randomBytes(3000)).then().statusCode(201).extract().path("id");
            as("bob").get("/v1/attachments/" + id).then().statusCode(200);
            as("bob").get("/v1/attachments/" + unknown).then().statusCode(404);
            upload("alice", new byte[0]).then().statusCode(400);
            upload("alice", randomBytes(Math.toIntExact(config.maxSize()) + 1)).then().statusCode(413);
            retentionJob.deleteExpired();
            Logger.getLogger(AttachmentsResourceTest.class.getName()).warning("capture-check");
        } finally {
            Logger.getLogger("").removeHandler(capture);
        }
        assertThat(captured).anyMatch(record -> record.contains("capture-check"));
        synchronized (captured) {
            for (String identifier : List.of(id, unknown, id.replace("-", ""))) {
                assertThat(captured).noneMatch(record -> record.contains(identifier));
            }
        }
    }

    private RequestSpecification as(String user) {
        return GatewayHttps.request(gateway).auth().oauth2(TOKENS.accessToken(user));
    }

    private Response upload(String user, byte[] body) {
        return as(user).contentType("application/octet-stream").body(body).post("/v1/attachments");
    }

    private static void assertProblem(Response response, int status, String slug) {
        response.then().statusCode(status).contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:palisade:problem:" + slug)).body("status", equalTo(status));
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /**
     * Whether {@code haystack} holds any 64 consecutive bytes of {@code content}. Every such window contains one
     * of content's 32-byte blocks at a multiple of 32, so it suffices to look for those anywhere.
     */
    private static boolean sharesA64ByteWindow(byte[] content, byte[] haystack) {
        Set<ByteBuffer> blocks = new HashSet<>();
        for (int i = 0; i + 32 <= content.length; i += 32) {
            blocks.add(ByteBuffer.wrap(content, i, 32).slice());
        }
        for (int j = 0; j + 32 <= haystack.length; j++) {
            if (blocks.contains(ByteBuffer.wrap(haystack, j, 32).slice())) {
                return true;
            }
        }
        return false;
    }

    private record Row(long epoch, long size, byte[] sealed) {
    }

    private Row row(String id) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(
                "select epoch, size, sealed from attachments where id = ?")) {
            select.setObject(1, UUID.fromString(id));
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next()).as("a row for the attachment").isTrue();
                return new Row(rows.getLong(1), rows.getLong(2), rows.getBytes(3));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean rowExists(String id) {
        return count("select count(*) from attachments where id = '" + UUID.fromString(id) + "'") == 1;
    }

    private long count() {
        return count("select count(*) from attachments");
    }

    private long count(String sql) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql);
             ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
