// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.delivery;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;

/** Who a socket belongs to once authenticated: a user's live device, its routing hash, and the token's expiry. */
record DeviceIdentity(UUID userId, int deviceId, byte[] recipient, Instant expires) {

    String recipientHex() {
        return HexFormat.of().formatHex(recipient);
    }

    boolean sameDevice(DeviceIdentity other) {
        return userId.equals(other.userId) && deviceId == other.deviceId && Arrays.equals(recipient, other.recipient);
    }

    @Override
    public String toString() {
        return "DeviceIdentity[...]"; // no identifiers in any log
    }
}
