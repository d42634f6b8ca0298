// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.gateway;

import java.util.Base64;

/**
 * The answer to a registration: the device and the certificate the organisation issued for it.
 *
 * @param certificate base64 of the DER X.509 device certificate, signed by the organisation root
 * @param created true for a new registration (201), false when a live device re-registered with the
 *     same identity key (200: fresh prekeys, the same certificate)
 */
public record RegisteredDevice(int deviceId, String certificate, boolean created) {

  /** The certificate's DER bytes. */
  public byte[] certificateDer() {
    return Base64.getDecoder().decode(certificate);
  }
}
