// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

/** libsignal's device ids: 1 to 127. */
public final class DeviceIds {

    static final int MIN = 1;
    static final int MAX = 127;

    private DeviceIds() {
    }

    /** A device id from a path, taken as text so that "0", "128" and "x" all get the same fixed problem rather than a 404. */
    public static int parse(String deviceId) {
        if (deviceId == null || deviceId.isEmpty() || deviceId.length() > 3 || !deviceId.chars().allMatch(Character::isDigit)) {
            throw new DeviceException(DeviceException.Reason.INVALID_DEVICE_ID);
        }
        int id = Integer.parseInt(deviceId);
        require(id);
        return id;
    }

    static void require(int deviceId) {
        if (deviceId < MIN || deviceId > MAX) {
            throw new DeviceException(DeviceException.Reason.INVALID_DEVICE_ID);
        }
    }
}
