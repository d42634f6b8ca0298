// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

/** libsignal's device ids: 1 to 127. */
final class DeviceIds {

    static final int MIN = 1;
    static final int MAX = 127;

    private DeviceIds() {
    }

    static void require(int deviceId) {
        if (deviceId < MIN || deviceId > MAX) {
            throw new DeviceException(DeviceException.Reason.INVALID_DEVICE_ID);
        }
    }
}
