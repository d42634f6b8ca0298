// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.gateway;

import java.util.List;
import java.util.Objects;

/**
 * The body of {@code PUT /v1/devices/{deviceId}}: the device's libsignal identity key and
 * registration id, its signed EC prekey and Kyber last-resort prekey (both required for PQXDH), and
 * optional batches of at most 100 one-time EC and Kyber prekeys. All keys are base64 of libsignal's
 * serialization.
 *
 * @param identityKey base64 of libsignal's serialized identity key (33 bytes: 0x05 and a Curve25519
 *     key)
 * @param registrationId libsignal's registration id, 1 to 16383
 */
public record DeviceRegistration(
    String identityKey,
    int registrationId,
    SignedPreKey signedPreKey,
    SignedPreKey pqLastResortPreKey,
    List<PreKey> preKeys,
    List<SignedPreKey> pqPreKeys) {

  public DeviceRegistration {
    Objects.requireNonNull(identityKey, "identityKey");
    Objects.requireNonNull(signedPreKey, "signedPreKey");
    Objects.requireNonNull(pqLastResortPreKey, "pqLastResortPreKey");
    preKeys = preKeys == null ? List.of() : List.copyOf(preKeys);
    pqPreKeys = pqPreKeys == null ? List.of() : List.copyOf(pqPreKeys);
  }
}
