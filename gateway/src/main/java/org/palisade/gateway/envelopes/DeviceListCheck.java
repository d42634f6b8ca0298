// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.envelopes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.palisade.gateway.devices.LiveDevices.LiveDevice;

/**
 * Compares the devices a submission addresses for one user with that user's live devices, as Signal-Server does:
 * every live device must get an envelope (missing otherwise), none that is not live may (extra), and each
 * envelope must be for the registration id the device has now (stale otherwise).
 */
final class DeviceListCheck {

    private DeviceListCheck() {
    }

    /**
     * @param addressed registration id per addressed device id
     * @param live      the user's live devices, less the sending device when the user is the sender
     * @return the mismatch, or null when the request addresses exactly the live devices
     */
    static DeviceListMismatch compare(String recipient, Map<Integer, Integer> addressed, List<LiveDevice> live) {
        Map<Integer, Integer> current = new TreeMap<>();
        live.forEach(device -> current.put(device.deviceId(), device.registrationId()));
        Set<Integer> missing = new TreeSet<>(current.keySet());
        missing.removeAll(addressed.keySet());
        Set<Integer> extra = new TreeSet<>(addressed.keySet());
        extra.removeAll(current.keySet());
        Set<Integer> stale = new TreeSet<>();
        addressed.forEach((deviceId, registrationId) -> {
            Integer now = current.get(deviceId);
            if (now != null && !now.equals(registrationId)) {
                stale.add(deviceId);
            }
        });
        if (missing.isEmpty() && extra.isEmpty() && stale.isEmpty()) {
            return null;
        }
        List<DeviceListMismatch.CurrentDevice> devices = new ArrayList<>();
        current.forEach((deviceId, registrationId) -> devices.add(new DeviceListMismatch.CurrentDevice(deviceId, registrationId)));
        return new DeviceListMismatch(recipient, List.copyOf(missing), List.copyOf(extra), List.copyOf(stale), devices);
    }
}
