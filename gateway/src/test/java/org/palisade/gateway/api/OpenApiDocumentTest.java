// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.palisade.gateway.problem.ProblemType;
import org.palisade.gateway.testing.GatewayHttps;
import org.palisade.gateway.testing.LocalStackResource;

/**
 * The contract at {@code /q/openapi} against an explicit table: every endpoint with every status it can return
 * and the problem types of each error, so a missing code or type fails here.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class OpenApiDocumentTest {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String PROBLEM_REF = "#/components/schemas/Problem";

    /** A status with no problem types: success, or an error sent before any resource runs (no body). */
    private static final List<String> NONE = List.of();

    private static final List<String> STAFF = List.of("unusable-token");
    private static final List<String> STORES = List.of("identity-unavailable", "device-store-unavailable");
    private static final List<String> BAD_BODY = List.of("invalid-device-id", "malformed-request", "invalid-request",
            "malformed-key", "bad-prekey-signature", "duplicate-key-id");

    /** Successful answers that are not JSON: "METHOD path status" to the one media type of the body. */
    /** The stale-device-list problem carries the current device lists: a problem schema of its own. */
    private static final Map<String, String> PROBLEM_SCHEMA = Map.of("POST /v1/devices/{deviceId}/messages 409",
            "#/components/schemas/DeviceListProblem");
    private static final Map<String, String> NOT_JSON = Map.of("GET /v1/attachments/{id} 200", "application/octet-stream");

    /** "METHOD path" to status to the problem types that status may carry. */
    private static final Map<String, Map<String, List<String>>> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("GET /v1/me", Map.of("200", NONE, "401", NONE, "403", STAFF,
                "503", List.of("identity-unavailable")));
        EXPECTED.put("GET /v1/devices", Map.of("200", NONE, "401", NONE, "403", STAFF, "503", STORES));
        EXPECTED.put("PUT /v1/devices/{deviceId}", Map.of("200", NONE, "201", NONE, "400", BAD_BODY, "401", NONE,
                "403", STAFF, "409", List.of("identity-key-conflict"),
                "503", List.of("identity-unavailable", "device-store-unavailable", "certificate-authority-unavailable")));
        EXPECTED.put("DELETE /v1/devices/{deviceId}", Map.of("204", NONE, "400", List.of("invalid-device-id"),
                "401", NONE, "403", STAFF, "404", List.of("device-not-found"), "503", STORES));
        EXPECTED.put("GET /v1/devices/{deviceId}/prekeys", Map.of("200", NONE, "400", List.of("invalid-device-id"),
                "401", NONE, "403", STAFF, "404", List.of("device-not-found"), "503", STORES));
        List<String> badPreKeys = new ArrayList<>(BAD_BODY);
        badPreKeys.add("too-many-prekeys");
        EXPECTED.put("PUT /v1/devices/{deviceId}/prekeys", Map.of("200", NONE, "400", badPreKeys, "401", NONE,
                "403", STAFF, "404", List.of("device-not-found"), "503", STORES));
        EXPECTED.put("GET /v1/users/{username}/devices", Map.of("200", NONE, "401", NONE, "403", STAFF,
                "404", List.of("user-not-found"), "503", STORES));
        EXPECTED.put("GET /v1/users/{username}/devices/certificates", Map.of("200", NONE, "401", NONE, "403", STAFF,
                "404", List.of("user-not-found"), "503", STORES));
        EXPECTED.put("DELETE /v1/admin/users/{username}/devices/{deviceId}", Map.of("204", NONE,
                "400", List.of("invalid-device-id"), "401", NONE, "403", NONE,
                "404", List.of("user-not-found", "device-not-found"), "503", List.of("device-store-unavailable")));
        EXPECTED.put("GET /v1/revoked-certificates", Map.of("200", NONE, "401", NONE, "403", NONE,
                "503", List.of("device-store-unavailable")));
        EXPECTED.put("POST /v1/attachments", Map.of("201", NONE, "400", List.of("empty-attachment", "invalid-request"),
                "401", NONE, "403", NONE, "413", List.of("attachment-too-large"),
                "503", List.of("attachment-store-unavailable")));
        EXPECTED.put("POST /v1/devices/{deviceId}/messages", Map.of("200", NONE,
                "400", List.of("invalid-device-id", "malformed-request", "invalid-request", "malformed-content",
                        "duplicate-destination"),
                "401", NONE, "403", STAFF, "404", List.of("device-not-found", "unknown-recipient"),
                "409", List.of("stale-device-list"), "413", List.of("envelope-too-large"), "429", List.of("rate-limited"),
                "503", List.of("delivery-unavailable", "identity-unavailable", "device-store-unavailable")));
        List<String> mailboxDown = List.of("delivery-unavailable", "identity-unavailable", "device-store-unavailable");
        EXPECTED.put("GET /v1/devices/{deviceId}/mailbox", Map.of("200", NONE, "400", List.of("invalid-device-id"),
                "401", NONE, "403", STAFF, "404", List.of("device-not-found"), "503", mailboxDown));
        EXPECTED.put("DELETE /v1/devices/{deviceId}/mailbox/{envelopeId}", Map.of("204", NONE,
                "400", List.of("invalid-device-id"), "401", NONE, "403", STAFF,
                "404", List.of("device-not-found", "envelope-not-found"), "503", mailboxDown));
        EXPECTED.put("DELETE /v1/admin/users/{username}/devices", Map.of("200", NONE, "401", NONE, "403", NONE,
                "404", List.of("user-not-found"), "503", List.of("device-store-unavailable")));
        EXPECTED.put("GET /v1/attachments/{id}", Map.of("200", NONE, "401", NONE, "403", NONE,
                "404", List.of("attachment-not-found"), "503", List.of("attachment-store-unavailable")));
    }

    @TestHTTPResource(value = "/", tls = true)
    URL gateway;

    private JsonNode document;

    @BeforeEach
    void fetch() throws Exception {
        String json = GatewayHttps.request(gateway).queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().asString();
        document = new ObjectMapper().readTree(json);
    }

    @Test
    void listsEveryEndpointWithItsMethodAndNothingElse() {
        assertThat(operations().keySet()).containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
    }

    @Test
    void namesEveryProblemTheGatewayCanAnswerWith() {
        String text = document.toString();
        for (ProblemType type : ProblemType.values()) {
            assertThat(text).as("the document names " + type).contains(type.uri());
        }
    }

    @Test
    void leaksNoManagementPath() {
        document.path("paths").fieldNames().forEachRemaining(path -> assertThat(path).doesNotStartWith("/q/"));
    }

    @Test
    void declaresEveryStatusEachEndpointCanReturn() {
        operations().forEach((operation, node) -> assertThat(fieldNames(node.path("responses")))
                .as(operation).containsExactlyInAnyOrderElementsOf(EXPECTED.get(operation).keySet()));
    }

    @Test
    void errorsAreProblemDocumentsNamingTheirTypes() {
        operations().forEach((operation, node) -> EXPECTED.get(operation).forEach((status, types) -> {
            JsonNode response = node.path("responses").path(status);
            String where = operation + " " + status;
            assertThat(response.path("description").asText()).as(where).isNotBlank();
            if (!types.isEmpty()) {
                assertThat(fieldNames(response.path("content"))).as(where).containsExactly(PROBLEM_JSON);
                assertThat(response.path("content").path(PROBLEM_JSON).path("schema").path("$ref").asText())
                        .as(where).isEqualTo(PROBLEM_SCHEMA.getOrDefault(where, PROBLEM_REF));
                types.forEach(type -> assertThat(response.path("description").asText()).as(where)
                        .contains("urn:palisade:problem:" + type));
            } else if (status.startsWith("4") || status.startsWith("5")) {
                // sent by the security layer before the resource runs: no body to describe
                assertThat(response.has("content")).as(where).isFalse();
                assertThat(response.path("description").asText()).as(where).doesNotContain("urn:palisade:problem:");
            } else if (!"204".equals(status)) {
                assertThat(fieldNames(response.path("content"))).as(where)
                        .containsExactly(NOT_JSON.getOrDefault(where, "application/json"));
            }
        }));
        assertThat(fieldNames(document.path("components").path("schemas").path("Problem").path("properties")))
                .containsExactlyInAnyOrder("type", "title", "status", "detail");
        assertThat(fieldNames(document.path("components").path("schemas").path("DeviceListProblem").path("properties")))
                .containsExactlyInAnyOrder("type", "title", "status", "detail", "mismatches");
    }

    @Test
    void requiresABearerTokenEverywhere() {
        JsonNode scheme = document.path("components").path("securitySchemes").path("bearer");
        assertThat(scheme.path("type").asText()).isEqualTo("http");
        assertThat(scheme.path("scheme").asText()).isEqualTo("bearer");
        assertThat(scheme.path("bearerFormat").asText()).isEqualTo("JWT");
        assertThat(document.path("security").toString()).contains("\"bearer\"");
    }

    @Test
    void namesTheGatewayAndItsLicence() {
        JsonNode info = document.path("info");
        assertThat(info.path("title").asText()).isEqualTo("Palisade gateway");
        assertThat(info.path("version").asText()).isNotBlank().isNotEqualTo("unversioned");
        assertThat(info.path("license").path("identifier").asText()).isEqualTo("AGPL-3.0-only");
    }

    @Test
    void attachmentsAreUploadedAsRawBytes() {
        JsonNode body = document.path("paths").path("/v1/attachments").path("post").path("requestBody");
        assertThat(body.path("required").asBoolean()).isTrue();
        assertThat(fieldNames(body.path("content"))).containsExactly("application/octet-stream");
    }

    private Map<String, JsonNode> operations() {
        Map<String, JsonNode> operations = new LinkedHashMap<>();
        Set<String> methods = Set.of("get", "put", "post", "delete", "patch", "head", "options");
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (methods.contains(op.getKey())) {
                operations.put(op.getKey().toUpperCase() + " " + path.getKey(), op.getValue());
            }
        }));
        return operations;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }
}
