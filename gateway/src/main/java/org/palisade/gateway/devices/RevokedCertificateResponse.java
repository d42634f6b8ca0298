// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import java.time.Instant;

/**
 * A revoked device certificate.
 *
 * @param serialNumber the certificate's serial number in lowercase hex without leading zeros
 */
public record RevokedCertificateResponse(String serialNumber, Instant revokedAt) {
}
