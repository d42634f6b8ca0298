// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Revokes devices, by their owner or an admin, and publishes the revoked certificates. A revoked device leaves
 * the bundles at once; its device id may be registered again, with a new identity key and certificate.
 */
@ApplicationScoped
public class DeviceRevocation {

    private final DeviceDatabase database;
    private final DeviceStore devices;
    private final RevocationStore store;
    private final Clock clock;
    private final Event<DeviceRevoked> revoked;

    DeviceRevocation(DeviceDatabase database, DeviceStore devices, RevocationStore store, Clock clock,
                     Event<DeviceRevoked> revoked) {
        this.database = database;
        this.devices = devices;
        this.store = store;
        this.clock = clock;
        this.revoked = revoked;
    }

    /**
     * Revokes the user's live registration of {@code deviceId}, under the same lock as registration so the two
     * run one after the other.
     *
     * @throws DeviceException DEVICE_NOT_FOUND if there is none (also when it is already revoked)
     */
    void revoke(UUID userId, int deviceId) {
        DeviceIds.require(deviceId);
        database.inTransaction(connection -> {
            StoredDevice device = devices.lockLive(connection, userId, deviceId)
                    .orElseThrow(() -> new DeviceException(DeviceException.Reason.DEVICE_NOT_FOUND));
            store.revoke(connection, device.rowId(), clock.instant());
            return null;
        });
        revoked.fire(new DeviceRevoked(userId, deviceId));
    }

    /**
     * Revokes every live device of the user at once (an admin's action, e.g. when someone leaves).
     *
     * @return the device ids revoked, possibly none
     */
    List<Integer> revokeAll(UUID userId) {
        List<Integer> revokedIds = database.inTransaction(connection -> {
            List<Integer> ids = new ArrayList<>();
            for (StoredDevice device : devices.list(connection, userId)) {
                if (device.revokedAt() == null && devices.lockLive(connection, userId, device.deviceId()).isPresent()) {
                    store.revoke(connection, device.rowId(), clock.instant());
                    ids.add(device.deviceId());
                }
            }
            return ids;
        });
        revokedIds.forEach(deviceId -> revoked.fire(new DeviceRevoked(userId, deviceId)));
        return revokedIds;
    }

    List<RevokedCertificateResponse> revokedCertificates() {
        return database.withConnection(store::revoked);
    }
}
