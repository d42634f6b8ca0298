// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * A prekey signed by the device's identity key: a signed EC prekey or a Kyber prekey.
 *
 * @param publicKey base64 of libsignal's serialized public key (an EC key is 33 bytes, a Kyber-1024 key 1569)
 * @param signature base64 of the identity key's signature over the serialized public key (64 bytes)
 */
public record SignedPreKeyRequest(
        @NotNull @PositiveOrZero @Max(PreKeyRequest.MAX_KEY_ID) Integer keyId,
        @NotNull @Size(min = 4, max = 2200) String publicKey,
        @NotNull @Size(min = 4, max = 128) String signature) {
}
