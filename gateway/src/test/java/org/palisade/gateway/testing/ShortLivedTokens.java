// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.palisade.deploy.keycloak.DemoUsers;
import org.palisade.deploy.stack.LocalStack;
import org.palisade.deploy.testing.TestInfrastructure;
import org.palisade.deploy.tls.TlsTrust;

/**
 * Access tokens that expire within seconds, from a test-only public client the test creates in the real
 * Keycloak through its admin API (access token lifespan {@value #LIFESPAN_SECONDS} s, audience gateway), so
 * expiry is tested against real tokens rather than a fake clock.
 */
public final class ShortLivedTokens {

    public static final int LIFESPAN_SECONDS = 6;
    private static final String CLIENT = "palisade-short-lived-test";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalStack stack = TestInfrastructure.get();
    private final HttpClient http = HttpClient.newBuilder()
            .sslContext(TlsTrust.trusting(stack.certificateAuthority().caCertificate())).build();
    private final String base = stack.keycloak().issuer().replaceFirst("/realms/.*$", "");

    /** A token for a demo user, valid for {@value #LIFESPAN_SECONDS} seconds. */
    public String accessToken(String demoUser) throws Exception {
        ensureClient();
        String form = "grant_type=password&client_id=" + CLIENT + "&scope=openid&username=" + encode(demoUser)
                + "&password=" + encode(DemoUsers.passwords(stack.home()).get(demoUser));
        return (String) post(stack.keycloak().issuer() + "/protocol/openid-connect/token", form, null, 200).get("access_token");
    }

    private void ensureClient() throws Exception {
        String adminPassword = Files.readString(stack.home().secret("keycloak-admin.password")).strip();
        String admin = (String) post(base + "/realms/master/protocol/openid-connect/token",
                "grant_type=password&client_id=admin-cli&username=keycloak-admin&password=" + encode(adminPassword), null, 200)
                .get("access_token");
        Map<String, Object> client = Map.of("clientId", CLIENT, "publicClient", true, "standardFlowEnabled", false,
                "directAccessGrantsEnabled", true, "attributes", Map.of("access.token.lifespan", String.valueOf(LIFESPAN_SECONDS)),
                "protocolMappers", List.of(Map.of("name", "gateway-audience", "protocol", "openid-connect",
                        "protocolMapper", "oidc-audience-mapper", "config", Map.of("included.client.audience", "gateway",
                                "access.token.claim", "true", "id.token.claim", "false"))));
        HttpRequest create = HttpRequest.newBuilder(URI.create(base + "/admin/realms/" + realm() + "/clients"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(client))).timeout(Duration.ofSeconds(20)).build();
        int status = http.send(create, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 201 && status != 409) { // 409: made by an earlier test
            throw new IllegalStateException("Keycloak refused the test client: HTTP " + status);
        }
    }

    private String realm() {
        return stack.keycloak().issuer().replaceFirst("^.*/realms/", "");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> post(String url, String form, String bearer, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException("Keycloak answered HTTP " + response.statusCode() + " for " + url);
        }
        return JSON.readValue(response.body(), Map.class);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
