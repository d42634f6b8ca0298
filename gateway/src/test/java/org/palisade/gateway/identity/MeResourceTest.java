// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.palisade.deploy.testing.KeycloakTokens;
import org.palisade.deploy.testing.TestInfrastructure;
import org.palisade.gateway.testing.GatewayHttps;
import org.palisade.gateway.testing.LocalStackResource;

/** Tokens issued by the running Keycloak, verified by the gateway itself. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class MeResourceTest {

    private static final String ALICE_ID = "4b1e7a52-0b8f-4c55-9d1e-0a6c2f8e1a01";

    @TestHTTPResource(value = "/", tls = true)
    URL gateway;

    private final KeycloakTokens tokens = new KeycloakTokens(TestInfrastructure.get());

    @Test
    void acceptsAStaffTokenFromKeycloak() {
        GatewayHttps.request(gateway).auth().oauth2(tokens.accessToken("alice"))
                .get("/v1/me")
                .then().statusCode(200)
                .body("subject", equalTo(ALICE_ID))
                .body("username", equalTo("alice"))
                .body("roles", hasItem("staff"));
    }

    @Test
    void rejectsATokenWhosePayloadWasAltered() {
        String[] parts = tokens.accessToken("alice").split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String altered = payload.replace("\"alice\"", "\"bob\"");
        assertThat(altered).isNotEqualTo(payload);
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(altered.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        GatewayHttps.request(gateway).auth().oauth2(forged).get("/v1/me").then().statusCode(401);
    }

    @Test
    void rejectsATokenWithAnAlteredSignature() {
        String token = tokens.accessToken("alice");
        char last = token.charAt(token.length() - 2);
        String tampered = token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);

        GatewayHttps.request(gateway).auth().oauth2(tampered).get("/v1/me").then().statusCode(401);
    }

    @Test
    void rejectsARequestWithoutAToken() {
        GatewayHttps.request(gateway).get("/v1/me").then().statusCode(401);
    }

    @Test
    void refusesAValidTokenWithoutTheStaffRole() {
        GatewayHttps.request(gateway).auth().oauth2(tokens.accessToken("auditor")).get("/v1/me").then().statusCode(403);
    }
}
