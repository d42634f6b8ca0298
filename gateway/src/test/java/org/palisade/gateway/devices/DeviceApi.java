// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import javax.sql.DataSource;
import org.palisade.deploy.testing.KeycloakTokens;
import org.palisade.deploy.testing.TestInfrastructure;
import org.palisade.gateway.testing.GatewayHttps;

/** The device directory's HTTP API as the demo users call it, for the directory tests. */
public final class DeviceApi {

    private static final KeycloakTokens TOKENS = new KeycloakTokens(TestInfrastructure.get());

    private final URL gateway;

    public DeviceApi(URL gateway) {
        this.gateway = gateway;
    }

    public RequestSpecification as(String user) {
        return GatewayHttps.request(gateway).auth().oauth2(TOKENS.accessToken(user));
    }

    public static String token(String user) {
        return TOKENS.accessToken(user);
    }

    /** Registers a device and returns the response; the caller asserts the status. */
    public Response register(String user, int deviceId, Map<String, Object> body) {
        return as(user).contentType("application/json").body(body).put("/v1/devices/" + deviceId);
    }

    public static void assertProblem(Response response, int status, String slug) {
        response.then().statusCode(status).contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:palisade:problem:" + slug)).body("status", equalTo(status));
    }

    /** The test database outlives a run and is shared by the test classes: forget a demo user's devices. */
    public static void forgetDevicesOf(DataSource dataSource, String username) throws Exception {
        try (Connection connection = dataSource.getConnection(); PreparedStatement delete = connection.prepareStatement(
                "delete from devices where user_id in (select id from users where username = ?)")) {
            delete.setString(1, username);
            delete.executeUpdate();
        }
    }
}
