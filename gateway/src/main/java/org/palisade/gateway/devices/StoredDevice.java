// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import java.time.Instant;

/** A row of {@code devices}: one registration of a device id, live until revoked. */
record StoredDevice(long rowId, int deviceId, int registrationId, byte[] identityKey, byte[] certificate, Instant created,
                    Instant revokedAt) {
}
