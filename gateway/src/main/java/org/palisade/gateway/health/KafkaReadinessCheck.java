// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.health;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.palisade.gateway.kafka.KafkaClientSettings;

/** The Kafka cluster answers a metadata request over the configured (TLS) connection. */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements HealthCheck {

    private static final int TIMEOUT_MILLIS = 3000;

    private final AdminClient admin;

    KafkaReadinessCheck(KafkaClientSettings kafka) {
        Map<String, Object> config = kafka.forClient(AdminClientConfig.configNames());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MILLIS);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MILLIS);
        // a broker that comes back is found again quickly
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "palisade-gateway-health");
        this.admin = AdminClient.create(config);
    }

    @Override
    public HealthCheckResponse call() {
        try {
            int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MILLIS)).nodes()
                    .get(TIMEOUT_MILLIS + 500L, TimeUnit.MILLISECONDS).size();
            return HealthCheckResponse.named("kafka").status(nodes > 0).withData("brokers", nodes).build();
        } catch (ExecutionException | TimeoutException e) {
            return HealthCheckResponse.named("kafka").down().withData("reason", "no answer from the cluster").build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HealthCheckResponse.named("kafka").down().build();
        }
    }

    @PreDestroy
    void close() {
        admin.close();
    }
}
