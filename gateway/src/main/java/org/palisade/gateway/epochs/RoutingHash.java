// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.epochs;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What stands in for a recipient device where data is routed and stored: HMAC-SHA-256 under the routing key
 * (kept wrapped by the HSM) over the user id and device id. Stable for the life of the deployment, so one
 * device's envelopes always share a Kafka partition and stay in order; without the key it names no one.
 */
@ApplicationScoped
public class RoutingHash {

    public static final int BYTES = 32;
    private static final byte[] LABEL = "palisade/route/1".getBytes(StandardCharsets.US_ASCII);

    private final EpochKeys keys;

    RoutingHash(EpochKeys keys) {
        this.keys = keys;
    }

    /** @throws EpochException UNAVAILABLE */
    public byte[] of(UUID userId, int deviceId) {
        byte[] key = keys.routingKey();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(LABEL);
            mac.update(ByteBuffer.allocate(16 + 4).putLong(userId.getMostSignificantBits())
                    .putLong(userId.getLeastSignificantBits()).putInt(deviceId).array());
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is unavailable in this JVM", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }
}
