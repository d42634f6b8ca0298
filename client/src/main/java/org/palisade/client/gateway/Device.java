// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.gateway;

import java.time.Instant;

/**
 * One of the caller's own devices ({@code GET /v1/devices}), live or revoked.
 *
 * @param revoked when it was revoked, or null while it is live
 * @param certificate base64 of the DER X.509 device certificate
 */
public record Device(
    int deviceId, int registrationId, Instant created, Instant revoked, String certificate) {

  public boolean live() {
    return revoked == null;
  }
}
