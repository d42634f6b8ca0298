// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import java.util.List;

/** A user's live devices with certificates, by device id; empty when the user has none. */
public record CertifiedDevicesResponse(List<CertifiedDeviceResponse> devices) {
}
