// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.palisade.deploy.stack.Component;
import org.palisade.deploy.stack.LocalStack;
import org.palisade.deploy.testing.TestInfrastructure;
import org.palisade.gateway.testing.GatewayHttps;
import org.palisade.gateway.testing.LocalStackResource;

/**
 * Stopping a real dependency under the running gateway turns readiness DOWN with that dependency named, and
 * starting it again turns readiness UP, without restarting the gateway.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class ReadinessRecoveryTest {

    private static final Map<String, String> CHECK_OF_COMPONENT = Map.of(
            "postgres", "database", "kafka", "kafka", "keycloak", "keycloak");

    @TestHTTPResource(value = "/", tls = true)
    URL gateway;

    @ParameterizedTest
    @ValueSource(strings = {"postgres", "kafka", "keycloak"})
    void readinessFollowsTheDependency(String componentName) {
        LocalStack stack = TestInfrastructure.get();
        Component component = stack.infrastructure().stream().filter(c -> c.name().equals(componentName)).findFirst().orElseThrow();
        String check = CHECK_OF_COMPONENT.get(componentName);

        component.stop();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                Response ready = GatewayHttps.request(gateway).get("/q/health/ready");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(checkStatus(ready, check)).isEqualTo("DOWN");
                assertThat(downChecks(ready)).containsExactly(check);
            });
        } finally {
            component.start();
            component.awaitReady();
        }

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Response ready = GatewayHttps.request(gateway).get("/q/health/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(checkStatus(ready, check)).isEqualTo("UP");
        });
    }

    private static String checkStatus(Response ready, String check) {
        return ready.jsonPath().getString("checks.find { it.name == '" + check + "' }.status");
    }

    private static List<String> downChecks(Response ready) {
        return ready.jsonPath().getList("checks.findAll { it.status == 'DOWN' }.name");
    }
}
