// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.deploy.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.palisade.deploy.keycloak.DemoUsers;
import org.palisade.deploy.stack.LocalStack;
import org.palisade.deploy.tls.TlsTrust;

/** Real access tokens from the stack's Keycloak, by the password grant of the {@code palisade-cli} client. */
public final class KeycloakTokens {

    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    private final LocalStack stack;
    private final HttpClient http;

    public KeycloakTokens(LocalStack stack) {
        this.stack = stack;
        this.http = HttpClient.newBuilder().sslContext(TlsTrust.trusting(stack.certificateAuthority().caCertificate()))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** An access token for one of the demo users (alice, bob, carol, admin, auditor). */
    public String accessToken(String demoUser) {
        String password = DemoUsers.passwords(stack.home()).get(demoUser);
        if (password == null) {
            throw new IllegalArgumentException("no demo user " + demoUser);
        }
        String form = "grant_type=password&client_id=palisade-cli&scope=openid&username=" + encode(demoUser)
                + "&password=" + encode(password);
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.keycloak().issuer() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            Matcher token = ACCESS_TOKEN.matcher(response.body());
            if (response.statusCode() != 200 || !token.find()) {
                throw new IllegalStateException("Keycloak refused a token for " + demoUser + ": HTTP " + response.statusCode());
            }
            return token.group(1);
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach Keycloak: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
