// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.delivery;

import java.time.Instant;
import java.util.Base64;
import org.palisade.gateway.envelopes.EnvelopeRecord;

/**
 * An envelope as its recipient device receives it, over the socket ({@code type} {@code envelope}) or from the
 * mailbox endpoint. Acknowledge it by {@code id} once it is safely processed; until then it comes again.
 *
 * @param sender       the sender's username; {@code senderUserId} is the stable SSO subject
 * @param messageType  {@code prekey}, {@code ciphertext}, {@code sender-key} or {@code plaintext}
 * @param content      base64 of the libsignal ciphertext exactly as the sender submitted it
 */
public record DeliveredEnvelope(String type, String id, Instant serverTime, String sender, String senderUserId,
                                int senderDevice, String messageType, String content) {

    static DeliveredEnvelope of(EnvelopeRecord record) {
        return new DeliveredEnvelope("envelope", record.id().toString(), record.serverTime(), record.senderUsername(),
                record.senderUserId().toString(), record.senderDevice(), record.type().wireName(),
                Base64.getEncoder().encodeToString(record.content()));
    }
}
