// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import java.util.Base64;

/**
 * A one-time EC prekey, handed out once.
 *
 * @param publicKey base64 of libsignal's serialized EC public key
 */
public record PreKeyResponse(int keyId, String publicKey) {

    static PreKeyResponse of(PublishedKey key) {
        return new PreKeyResponse(key.keyId(), Base64.getEncoder().encodeToString(key.publicKey()));
    }
}
