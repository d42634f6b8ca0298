// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.palisade.gateway.devices.DeviceApi;
import org.palisade.gateway.devices.DeviceKeysFixture;

/** Demo users' devices and envelopes through the gateway's HTTP API, for the delivery tests. */
final class Messaging {

    static final int REGISTRATION_ID = 4242;

    private final DeviceApi api;

    Messaging(URL gateway) {
        this.api = new DeviceApi(gateway);
    }

    DeviceApi api() {
        return api;
    }

    /** Forgets every device of the users and empties the mailbox, so each test starts from nothing. */
    static void reset(DataSource dataSource, String... users) throws Exception {
        for (String user : users) {
            DeviceApi.forgetDevicesOf(dataSource, user);
        }
        try (Connection connection = dataSource.getConnection(); Statement delete = connection.createStatement()) {
            delete.executeUpdate("delete from mailbox");
        }
    }

    void register(String user, int... deviceIds) {
        for (int deviceId : deviceIds) {
            api.register(user, deviceId, new DeviceKeysFixture().registration(1, 1)).then().statusCode(201);
        }
    }

    static Map<String, Object> envelope(String recipient, int deviceId, String text) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("recipient", recipient);
        envelope.put("deviceId", deviceId);
        envelope.put("registrationId", REGISTRATION_ID);
        envelope.put("type", "ciphertext");
        envelope.put("content", Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
        return envelope;
    }

    Response submit(String sender, int senderDevice, List<Map<String, Object>> envelopes) {
        return api.as(sender).contentType("application/json").body(Map.of("envelopes", envelopes))
                .post("/v1/devices/" + senderDevice + "/messages");
    }

    /** Sends one text to one device and returns the envelope id. */
    String send(String sender, int senderDevice, String recipient, int recipientDevice, String text) {
        Response response = submit(sender, senderDevice, List.of(envelope(recipient, recipientDevice, text)));
        response.then().statusCode(200);
        List<String> ids = response.jsonPath().getList("envelopes.id");
        assertThat(ids).hasSize(1);
        return ids.get(0);
    }

    static String text(com.fasterxml.jackson.databind.JsonNode envelope) {
        return new String(Base64.getDecoder().decode(envelope.path("content").asText()), StandardCharsets.UTF_8);
    }

    static List<String> ids(List<com.fasterxml.jackson.databind.JsonNode> envelopes) {
        List<String> ids = new ArrayList<>();
        envelopes.forEach(envelope -> ids.add(envelope.path("id").asText()));
        return ids;
    }
}
