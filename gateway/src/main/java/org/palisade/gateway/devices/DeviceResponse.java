// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import java.time.Instant;

/**
 * One of the caller's devices.
 *
 * @param revoked when the device was revoked, or null while it is live
 * @param certificate base64 of the DER X.509 device certificate
 */
public record DeviceResponse(int deviceId, int registrationId, Instant created, Instant revoked, String certificate) {
}
