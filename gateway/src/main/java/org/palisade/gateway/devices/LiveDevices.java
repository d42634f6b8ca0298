// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Who can receive right now: users' live devices, for the envelope and delivery services. Read-only. */
@ApplicationScoped
public class LiveDevices {

    /** A live device id and its current libsignal registration id. */
    public record LiveDevice(int deviceId, int registrationId) {
    }

    /** A user found by username, with their live devices in device id order (possibly none). */
    public record Recipient(UUID userId, String username, List<LiveDevice> devices) {
    }

    private final DeviceDatabase database;
    private final BundleStore store;

    LiveDevices(DeviceDatabase database, BundleStore store) {
        this.database = database;
        this.store = store;
    }

    /**
     * The named users and their live devices, in one read; usernames nobody has used are absent from the map.
     *
     * @throws DeviceException STORE_UNAVAILABLE
     */
    public Map<String, Recipient> recipients(Iterable<String> usernames) {
        return database.withConnection(connection -> {
            Map<String, Recipient> found = new LinkedHashMap<>();
            for (String username : usernames) {
                Optional<UUID> userId = store.userIdByUsername(connection, username);
                if (userId.isPresent()) {
                    List<LiveDevice> devices = store.liveDevices(connection, userId.get()).stream()
                            .map(device -> new LiveDevice(device.deviceId(), device.registrationId())).toList();
                    found.put(username, new Recipient(userId.get(), username, devices));
                }
            }
            return found;
        });
    }

    /** A user's live devices in device id order. @throws DeviceException STORE_UNAVAILABLE */
    public List<LiveDevice> devicesOf(UUID userId) {
        return database.withConnection(connection -> store.liveDevices(connection, userId).stream()
                .map(device -> new LiveDevice(device.deviceId(), device.registrationId())).toList());
    }

    /** @throws DeviceException STORE_UNAVAILABLE */
    public boolean isLive(UUID userId, int deviceId) {
        return devicesOf(userId).stream().anyMatch(device -> device.deviceId() == deviceId);
    }
}
