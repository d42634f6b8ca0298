// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * A one-time EC prekey (unsigned, as in libsignal).
 *
 * @param publicKey base64 of libsignal's serialized EC public key (33 bytes)
 */
public record PreKeyRequest(
        @NotNull @PositiveOrZero @Max(MAX_KEY_ID) Integer keyId,
        @NotNull @Size(min = 4, max = 64) String publicKey) {

    /** libsignal's prekey ids are 24-bit in practice (Signal's clients wrap at 0xFFFFFF). */
    static final int MAX_KEY_ID = 0xFFFFFF;
}
