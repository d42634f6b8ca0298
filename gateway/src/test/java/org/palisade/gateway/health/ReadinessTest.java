// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.health;

import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.Test;
import org.palisade.gateway.testing.GatewayHttps;
import org.palisade.gateway.testing.LocalStackResource;

/** With every real dependency running, readiness reports each of them UP by name. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class ReadinessTest {

    @TestHTTPResource(value = "/", tls = true)
    URL gateway;

    @Test
    void reportsEachDependencyUp() {
        GatewayHttps.request(gateway).get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'database' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'kafka' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'keycloak' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'hsm' }.status", equalTo("UP"));
    }
}
