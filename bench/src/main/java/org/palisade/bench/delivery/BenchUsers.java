// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.bench.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.palisade.deploy.keycloak.KeycloakServer;
import org.palisade.deploy.stack.LocalStack;
import org.palisade.deploy.stack.SecretFiles;
import org.palisade.deploy.tls.TlsTrust;

/**
 * The benchmark's staff users ({@code bench-sender-01..NN}, {@code bench-receiver-01..NN}), made in the stack's
 * Keycloak through its admin REST API as the bootstrap admin. Idempotent: a user that exists is kept, and its
 * password and staff role are set again. All share one generated password, kept in the stack home's secrets
 * ({@code bench-users.password}, mode 0600).
 */
final class BenchUsers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalStack stack;
    private final HttpClient http;
    private final String keycloakBase;
    private final String password;

    BenchUsers(LocalStack stack) {
        this.stack = stack;
        this.http = HttpClient.newBuilder().sslContext(TlsTrust.trusting(stack.certificateAuthority().caCertificate()))
                .connectTimeout(Duration.ofSeconds(5)).build();
        String issuer = stack.keycloak().issuer();
        this.keycloakBase = issuer.substring(0, issuer.indexOf("/realms/"));
        this.password = SecretFiles.readOrGenerate(stack.home().secret("bench-users.password"));
    }

    /** The password every bench user has. */
    String password() {
        return password;
    }

    static List<String> names(String role, int count) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            names.add(String.format("bench-%s-%02d", role, i));
        }
        return names;
    }

    /** Makes sure each user exists, is enabled, has the staff role and the bench password. */
    void ensure(List<String> usernames) throws IOException, InterruptedException {
        String admin = adminToken();
        String realm = keycloakBase + "/admin/realms/" + KeycloakServer.REALM;
        JsonNode staff = JSON.readTree(expect(send(admin, "GET", realm + "/roles/staff", null), 200, "read the staff role"));
        for (String username : usernames) {
            String id = findUser(admin, realm, username);
            if (id == null) {
                Map<String, Object> user = new LinkedHashMap<>();
                user.put("username", username);
                user.put("enabled", true);
                user.put("firstName", "Bench");
                user.put("lastName", username);
                user.put("email", username + "@bench.palisade.example");
                user.put("emailVerified", true);
                HttpResponse<String> created = send(admin, "POST", realm + "/users", JSON.writeValueAsString(user));
                if (created.statusCode() != 201 && created.statusCode() != 409) {
                    throw new IllegalStateException("Keycloak refused to create " + username + ": HTTP "
                            + created.statusCode() + " " + created.body());
                }
                id = findUser(admin, realm, username);
                if (id == null) {
                    throw new IllegalStateException("Keycloak created " + username + " but does not list it");
                }
            }
            Map<String, Object> credential = Map.of("type", "password", "value", password, "temporary", false);
            expect(send(admin, "PUT", realm + "/users/" + id + "/reset-password", JSON.writeValueAsString(credential)),
                    204, "set the password of " + username);
            expect(send(admin, "POST", realm + "/users/" + id + "/role-mappings/realm",
                    JSON.writeValueAsString(List.of(staff))), 204, "give " + username + " the staff role");
        }
    }

    private String findUser(String admin, String realm, String username) throws IOException, InterruptedException {
        JsonNode found = JSON.readTree(expect(send(admin, "GET", realm + "/users?exact=true&username="
                + URLEncoder.encode(username, StandardCharsets.UTF_8), null), 200, "look up " + username));
        for (JsonNode user : found) {
            if (username.equals(user.path("username").asText())) {
                return user.path("id").asText();
            }
        }
        return null;
    }

    /** A token of the bootstrap admin ({@code keycloak-admin}) from the master realm's {@code admin-cli} client. */
    private String adminToken() throws IOException, InterruptedException {
        String adminPassword = SecretFiles.read(stack.home().secret("keycloak-admin.password"));
        String form = "grant_type=password&client_id=admin-cli&username=keycloak-admin&password="
                + URLEncoder.encode(adminPassword, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(keycloakBase + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(expect(response, 200, "give the bootstrap admin a token")).path("access_token").asText();
    }

    private HttpResponse<String> send(String token, String method, String url, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String expect(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("Keycloak did not " + what + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }
}
