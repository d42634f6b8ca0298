// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import java.util.Base64;

/**
 * A signed EC prekey or a Kyber prekey as the device published it.
 *
 * @param publicKey base64 of libsignal's serialized public key
 * @param signature base64 of the identity key's signature over it
 */
public record SignedPreKeyResponse(int keyId, String publicKey, String signature) {

    static SignedPreKeyResponse of(PublishedKey key) {
        return new SignedPreKeyResponse(key.keyId(), Base64.getEncoder().encodeToString(key.publicKey()),
                Base64.getEncoder().encodeToString(key.signature()));
    }
}
