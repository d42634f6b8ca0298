// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
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

    private final HttpClient http;
    private final URI discovery;

    KeycloakReadinessCheck(@ConfigProperty(name = "quarkus.oidc.auth-server-url") String issuer,
            @ConfigProperty(name = "palisade.tls.ca-file") Path caFile) {
        this.http = HttpClient.newBuilder().sslContext(trusting(caFile)).connectTimeout(TIMEOUT).build();
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

    private static SSLContext trusting(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read palisade.tls.ca-file " + caFile, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("palisade.tls.ca-file " + caFile + " holds no usable CA certificate", e);
        }
    }
}
