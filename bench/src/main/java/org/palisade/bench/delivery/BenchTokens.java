// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.bench.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.palisade.deploy.stack.LocalStack;
import org.palisade.deploy.tls.TlsTrust;

/**
 * Access tokens of the bench users from the stack's Keycloak (client {@code palisade-cli}, password grant), as
 * the client SDK gets them; each is cached and fetched again when less than a minute of it is left, so runs
 * longer than the realm's token lifespan (5 minutes) keep working.
 */
final class BenchTokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long RENEW_BEFORE_NANOS = Duration.ofSeconds(60).toNanos();

    private final HttpClient http;
    private final URI tokenEndpoint;
    private final String password;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(String token, long renewAtNanos) {
    }

    BenchTokens(LocalStack stack, String password) {
        this.http = HttpClient.newBuilder().sslContext(TlsTrust.trusting(stack.certificateAuthority().caCertificate()))
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.tokenEndpoint = URI.create(stack.keycloak().issuer() + "/protocol/openid-connect/token");
        this.password = password;
    }

    /** A token of {@code username} with at least a minute to live. */
    String get(String username) {
        return cache.compute(username, (user, cached) ->
                cached != null && System.nanoTime() < cached.renewAtNanos() ? cached : fetch(user)).token();
    }

    /** Fetches a new token of {@code username} now, so that sockets it opens next live the token's whole lifespan. */
    void renew(String username) {
        cache.put(username, fetch(username));
    }

    private Cached fetch(String username) {
        String form = "grant_type=password&client_id=palisade-cli&scope=openid&username="
                + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(tokenEndpoint)
                .header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        long asked = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Keycloak refused a token for " + username + ": HTTP "
                        + response.statusCode() + " " + response.body());
            }
            JsonNode body = JSON.readTree(response.body());
            long lifetime = Duration.ofSeconds(body.path("expires_in").asLong(300)).toNanos();
            return new Cached(body.path("access_token").asText(), asked + Math.max(0, lifetime - RENEW_BEFORE_NANOS));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach Keycloak for a token of " + username, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching a token");
        }
    }
}
