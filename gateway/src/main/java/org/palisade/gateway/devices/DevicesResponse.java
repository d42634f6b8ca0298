// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import java.util.List;

/** The caller's devices, by device id, live and revoked. */
public record DevicesResponse(List<DeviceResponse> devices) {
}
