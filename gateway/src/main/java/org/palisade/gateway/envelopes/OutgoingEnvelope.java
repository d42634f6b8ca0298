// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.envelopes;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One envelope of a submission, for one recipient device.
 *
 * @param recipient      the recipient's username (the sender's own for copies to the sender's other devices)
 * @param deviceId       the recipient device, 1 to 127
 * @param registrationId the libsignal registration id the sender's session with that device was made for
 * @param type           {@code prekey}, {@code ciphertext}, {@code sender-key} or {@code plaintext}
 * @param content        base64 of the libsignal ciphertext, opaque to the gateway
 */
@Schema(name = "OutgoingEnvelope")
public record OutgoingEnvelope(String recipient, Integer deviceId, Integer registrationId, String type, String content) {
}
