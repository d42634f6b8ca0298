// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.bench.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.palisade.deploy.tls.TlsTrust;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyType;

/**
 * The gateway's client API as the benchmark uses it: device registration and envelope submission, JSON over
 * HTTPS with a bearer token. One instance per sender, so that each has its own connection, as a real device.
 */
final class GatewayApi {

    static final int DEVICE_ID = 1;
    static final int REGISTRATION_ID = 4242;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String gateway;
    private final BenchTokens tokens;

    /** What one submission came to: the HTTP status (-1 for an I/O failure) and, on 200, the envelope's id. */
    record Submitted(int status, String envelopeId) {
    }

    GatewayApi(String gatewayUrl, Path caCertificate, BenchTokens tokens) {
        this.http = HttpClient.newBuilder().sslContext(TlsTrust.trusting(caCertificate))
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.gateway = gatewayUrl;
        this.tokens = tokens;
    }

    /**
     * Gives {@code username} exactly one live device, {@link #DEVICE_ID}, with fresh keys: every device the user
     * has live (from an earlier run, whose keys are gone) is revoked first, so the registration cannot meet
     * another identity key (409), and a sender's request needs no copies for its own other devices.
     */
    void registerOnlyDevice(String username) throws IOException, InterruptedException {
        HttpResponse<String> listed = send(username, "GET", "/v1/devices", null);
        expect(listed, 200, "list the devices of " + username);
        for (JsonNode device : JSON.readTree(listed.body()).path("devices")) {
            if (device.path("revoked").isNull() || device.path("revoked").isMissingNode()) {
                int id = device.path("deviceId").asInt();
                HttpResponse<String> revoked = send(username, "DELETE", "/v1/devices/" + id, null);
                if (revoked.statusCode() != 204 && revoked.statusCode() != 404) {
                    expect(revoked, 204, "revoke device " + id + " of " + username);
                }
            }
        }
        HttpResponse<String> registered = send(username, "PUT", "/v1/devices/" + DEVICE_ID,
                JSON.writeValueAsString(registration()));
        expect(registered, 201, "register device " + DEVICE_ID + " of " + username);
    }

    /** Submits one envelope of {@code content} (already base64) from {@code sender}'s device to {@code recipient}'s. */
    Submitted submit(String sender, String recipient, String content) {
        String body = "{\"envelopes\":[{\"recipient\":\"" + recipient + "\",\"deviceId\":" + DEVICE_ID
                + ",\"registrationId\":" + REGISTRATION_ID + ",\"type\":\"ciphertext\",\"content\":\"" + content + "\"}]}";
        try {
            HttpResponse<String> response = send(sender, "POST", "/v1/devices/" + DEVICE_ID + "/messages", body);
            if (response.statusCode() != 200) {
                return new Submitted(response.statusCode(), null);
            }
            return new Submitted(200, JSON.readTree(response.body()).path("envelopes").path(0).path("id").asText());
        } catch (IOException e) {
            return new Submitted(-1, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Submitted(-1, null);
        }
    }

    private HttpResponse<String> send(String username, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + tokens.get(username));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("the gateway did not " + what + ": HTTP " + response.statusCode() + " "
                    + response.body());
        }
    }

    /** A registration body with keys made by libsignal, as a client makes them: one one-time prekey of each kind. */
    private static Map<String, Object> registration() {
        IdentityKeyPair identity = IdentityKeyPair.generate();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("identityKey", b64(identity.getPublicKey().serialize()));
        body.put("registrationId", REGISTRATION_ID);
        body.put("signedPreKey", signed(identity, 1, ECKeyPair.generate().getPublicKey().serialize()));
        body.put("pqLastResortPreKey", signed(identity, 2, KEMKeyPair.generate(KEMKeyType.KYBER_1024).getPublicKey().serialize()));
        List<Map<String, Object>> preKeys = new ArrayList<>();
        preKeys.add(Map.of("keyId", 100, "publicKey", b64(ECKeyPair.generate().getPublicKey().serialize())));
        List<Map<String, Object>> pqPreKeys = new ArrayList<>();
        pqPreKeys.add(signed(identity, 200, KEMKeyPair.generate(KEMKeyType.KYBER_1024).getPublicKey().serialize()));
        body.put("preKeys", preKeys);
        body.put("pqPreKeys", pqPreKeys);
        return body;
    }

    private static Map<String, Object> signed(IdentityKeyPair identity, int keyId, byte[] publicKey) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("keyId", keyId);
        key.put("publicKey", b64(publicKey));
        key.put("signature", b64(identity.getPrivateKey().calculateSignature(publicKey)));
        return key;
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
