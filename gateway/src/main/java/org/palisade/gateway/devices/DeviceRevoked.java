// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import java.util.UUID;

/** A CDI event: a device was revoked (committed). Delivery closes the device's open connections on it. */
public record DeviceRevoked(UUID userId, int deviceId) {
}
