// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import java.util.List;

/** Every revoked device certificate, oldest revocation first; clients refuse a device whose serial is here. */
public record RevokedCertificatesResponse(List<RevokedCertificateResponse> certificates) {
}
