// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

/**
 * The registered device and the certificate the organisation issued for it.
 *
 * @param certificate base64 of the DER X.509 certificate, issued by the organisation root ({@code device-ca})
 */
public record RegisterDeviceResponse(int deviceId, String certificate) {
}
