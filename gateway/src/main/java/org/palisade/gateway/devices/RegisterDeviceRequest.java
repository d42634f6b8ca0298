// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A device's registration: its libsignal identity key and registration id, its signed EC prekey and Kyber
 * last-resort prekey (both mandatory for PQXDH), and optional batches of one-time EC and Kyber prekeys.
 *
 * @param identityKey base64 of libsignal's serialized {@code IdentityKey} (33 bytes: 0x05 and a Curve25519 key)
 * @param registrationId libsignal's 14-bit registration id
 */
public record RegisterDeviceRequest(
        @NotNull @Size(min = 4, max = 64) String identityKey,
        @NotNull @Min(1) @Max(16383) Integer registrationId,
        @NotNull @Valid SignedPreKeyRequest signedPreKey,
        @NotNull @Valid SignedPreKeyRequest pqLastResortPreKey,
        @Size(max = MAX_ONE_TIME_KEYS) List<@NotNull @Valid PreKeyRequest> preKeys,
        @Size(max = MAX_ONE_TIME_KEYS) List<@NotNull @Valid SignedPreKeyRequest> pqPreKeys) {

    /** One-time prekeys per request, of each kind; a device refills in batches. */
    static final int MAX_ONE_TIME_KEYS = 100;

    public RegisterDeviceRequest {
        preKeys = preKeys == null ? List.of() : preKeys;
        pqPreKeys = pqPreKeys == null ? List.of() : pqPreKeys;
    }
}
