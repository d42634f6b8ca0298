// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.health;

import io.quarkus.tls.TlsConfigurationRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The identity provider answers: its OpenID discovery document is served over TLS by a server the
 * configured CA vouches for. Without it no new token can be verified once the cached keys rotate.
 */
@Readiness
@ApplicationScoped
public class KeycloakReadinessCheck implements HealthCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final String PALISADE_CA = "palisade-ca";

    private final HttpClient http;
    private final URI discovery;

    KeycloakReadinessCheck(@ConfigProperty(name = "quarkus.oidc.auth-server-url") String issuer,
            TlsConfigurationRegistry tls) throws Exception {
        // the same trust the OIDC client uses to fetch Keycloak's keys
        SSLContext trust = tls.get(PALISADE_CA).orElseThrow(
                () -> new IllegalStateException("no TLS configuration " + PALISADE_CA)).createSSLContext();
        this.http = HttpClient.newBuilder().sslContext(trust).connectTimeout(TIMEOUT).build();
        this.discovery = URI.create(issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration");
    }

    @Override
    public HealthCheckResponse call() {
        try {
            int status = http.send(HttpRequest.newBuilder(discovery).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            return HealthCheckResponse.named("keycloak").status(status == 200).withData("httpStatus", status).build();
        } catch (IOException e) {
            return HealthCheckResponse.named("keycloak").down().withData("reason", "unreachable").build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HealthCheckResponse.named("keycloak").down().build();
        }
    }
}
