// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;
import org.palisade.deploy.testing.TestInfrastructure;

/**
 * Points the gateway under test at the real infrastructure of this test run (PostgreSQL, Kafka, Keycloak,
 * SoftHSM2), configured exactly as {@code ./palisade up} configures the running gateway.
 */
public class LocalStackResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Map<String, String> settings = new HashMap<>(TestInfrastructure.get().gatewaySettings());
        // the test picks its own HTTPS port (quarkus.http.test-ssl-port)
        settings.remove("quarkus.http.ssl-port");
        return settings;
    }

    @Override
    public void stop() {
        // the infrastructure outlives one application start: it is shared by the whole test run
    }
}
