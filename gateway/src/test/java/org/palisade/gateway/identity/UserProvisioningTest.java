// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.palisade.deploy.testing.KeycloakTokens;
import org.palisade.deploy.testing.TestInfrastructure;
import org.palisade.gateway.testing.GatewayHttps;
import org.palisade.gateway.testing.LocalStackResource;

/** A member of staff becomes a user on first use, from the claims of a token the gateway verified. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class UserProvisioningTest {

    @TestHTTPResource(value = "/", tls = true)
    URL gateway;

    @Inject
    AgroalDataSource dataSource;

    private final KeycloakTokens tokens = new KeycloakTokens(TestInfrastructure.get());

    @Test
    void provisionsTheUserOnceFromTheTokenClaims() throws Exception {
        String carol = GatewayHttps.request(gateway).auth().oauth2(tokens.accessToken("carol")).get("/v1/me")
                .then().statusCode(200).extract().path("subject");
        GatewayHttps.request(gateway).auth().oauth2(tokens.accessToken("carol")).get("/v1/me").then().statusCode(200);

        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(
                "select username, display_name, (select count(*) from users where id = ?) from users where id = ?")) {
            select.setObject(1, UUID.fromString(carol));
            select.setObject(2, UUID.fromString(carol));
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("carol");
                assertThat(rows.getString(2)).isNotBlank();
                assertThat(rows.getLong(3)).isEqualTo(1);
            }
        }
    }
}
