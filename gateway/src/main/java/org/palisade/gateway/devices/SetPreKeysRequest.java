// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A refill of one-time prekeys and, optionally, a rotated signed EC prekey and Kyber last-resort prekey, all
 * signed by the identity key the device registered with (the same encodings as {@link RegisterDeviceRequest}).
 *
 * @param signedPreKey a new signed EC prekey, or absent to keep the current one
 * @param pqLastResortPreKey a new Kyber last-resort prekey, or absent to keep the current one
 */
public record SetPreKeysRequest(
        @Valid SignedPreKeyRequest signedPreKey,
        @Valid SignedPreKeyRequest pqLastResortPreKey,
        @Size(max = RegisterDeviceRequest.MAX_ONE_TIME_KEYS) List<@NotNull @Valid PreKeyRequest> preKeys,
        @Size(max = RegisterDeviceRequest.MAX_ONE_TIME_KEYS) List<@NotNull @Valid SignedPreKeyRequest> pqPreKeys) {

    public SetPreKeysRequest {
        preKeys = preKeys == null ? List.of() : preKeys;
        pqPreKeys = pqPreKeys == null ? List.of() : pqPreKeys;
    }
}
