// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.palisade.gateway.devices.DeviceApi;
import org.palisade.gateway.testing.GatewayHttps;
import org.palisade.gateway.testing.LocalStackResource;
import org.palisade.gateway.testing.ShortLivedTokens;

/**
 * Real tokens that expire within seconds: an expired token ends a delivery socket (4408) unless a fresh one
 * arrived in time, and is refused by the REST API - which is how a user disabled in the SSO loses access.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class TokenExpiryTest extends DeliveryTestBase {

    private static final Duration PAST_EXPIRY = Duration.ofSeconds(ShortLivedTokens.LIFESPAN_SECONDS + 10);

    private final ShortLivedTokens tokens = new ShortLivedTokens();

    @Override
    void registerDevices() {
        messaging.register("bob", 1);
    }

    @Test
    void anExpiredTokenEndsTheSocketAndIsRefusedByTheApi() throws Exception {
        String token = tokens.accessToken("bob");
        GatewayHttps.request(gateway).auth().oauth2(token).get("/v1/me").then().statusCode(200);
        try (SocketClient bob = SocketClient.connect(gateway, token, 1)) {
            assertThat(bob.closeCode(PAST_EXPIRY)).isEqualTo(4408);
        }
        GatewayHttps.request(gateway).auth().oauth2(token).get("/v1/me").then().statusCode(401);
        try (SocketClient late = SocketClient.open(gateway)) {
            late.send(Map.of("type", "auth", "token", token, "deviceId", 1));
            assertThat(late.closeCode(PAST_EXPIRY)).isEqualTo(4401);
        }
    }

    @Test
    void aFreshTokenKeepsTheSocketOpen() throws Exception {
        try (SocketClient bob = SocketClient.connect(gateway, tokens.accessToken("bob"), 1)) {
            for (int i = 0; i < 3; i++) {
                Thread.sleep(ShortLivedTokens.LIFESPAN_SECONDS * 1000L / 2);
                bob.send(Map.of("type", "auth", "token", tokens.accessToken("bob"), "deviceId", 1));
                assertThat(bob.next("ready", Duration.ofSeconds(10))).isNotNull();
            }
            assertThat(bob.closeCode(Duration.ZERO)).as("open past the first token's expiry").isNull();
            // the long-lived token of the other tests renews just as well
            bob.send(Map.of("type", "auth", "token", DeviceApi.token("bob"), "deviceId", 1));
            assertThat(bob.next("ready", Duration.ofSeconds(10))).isNotNull();
        }
    }
}
