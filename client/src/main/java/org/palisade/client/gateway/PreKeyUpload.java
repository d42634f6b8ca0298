// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.gateway;

import java.util.List;

/**
 * The body of {@code PUT /v1/devices/{deviceId}/prekeys}: one-time prekeys to add (at most 100 of
 * each kind) and, optionally, a rotated signed EC prekey and Kyber last-resort prekey, all signed
 * by the identity key the device registered with.
 *
 * @param signedPreKey a new signed EC prekey, or null to keep the current one
 * @param pqLastResortPreKey a new Kyber last-resort prekey, or null to keep the current one
 */
public record PreKeyUpload(
    SignedPreKey signedPreKey,
    SignedPreKey pqLastResortPreKey,
    List<PreKey> preKeys,
    List<SignedPreKey> pqPreKeys) {

  public PreKeyUpload {
    preKeys = preKeys == null ? List.of() : List.copyOf(preKeys);
    pqPreKeys = pqPreKeys == null ? List.of() : List.copyOf(pqPreKeys);
  }

  /** A refill of one-time prekeys only. */
  public static PreKeyUpload refill(List<PreKey> preKeys, List<SignedPreKey> pqPreKeys) {
    return new PreKeyUpload(null, null, preKeys, pqPreKeys);
  }
}
