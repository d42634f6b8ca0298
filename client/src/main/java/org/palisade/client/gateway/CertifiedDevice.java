// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.gateway;

import java.util.Base64;

/**
 * One live device of a user with its certificate and no prekeys, from {@code GET
 * /v1/users/{username}/devices/certificates}: what a client checks a sender's or recipient's device against.
 *
 * @param identityKey base64 of libsignal's serialized identity key
 * @param certificate base64 of the DER X.509 device certificate
 */
public record CertifiedDevice(int deviceId, int registrationId, String identityKey, String certificate) {

  public byte[] identityKeyBytes() {
    return Base64.getDecoder().decode(identityKey);
  }

  public byte[] certificateDer() {
    return Base64.getDecoder().decode(certificate);
  }
}
