// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Prekey bundles for senders: each live device of a user, claiming one-time prekeys as it goes. */
@ApplicationScoped
public class DeviceDirectory {

    /** Keycloak's usernames are at most 255 characters; a longer one cannot name a user. */
    private static final int MAX_USERNAME_LENGTH = 255;

    private final DeviceDatabase database;
    private final BundleStore store;

    DeviceDirectory(DeviceDatabase database, BundleStore store) {
        this.database = database;
        this.store = store;
    }

    /**
     * @throws DeviceException USER_NOT_FOUND if no user of that name has used the gateway
     */
    List<DeviceBundle> bundlesOf(String username) {
        requirePlausible(username);
        // auto-commit: each claim commits on its own, so a key handed out is gone even if a later one fails
        return database.withConnection(connection -> {
            UUID userId = store.userIdByUsername(connection, username)
                    .orElseThrow(() -> new DeviceException(DeviceException.Reason.USER_NOT_FOUND));
            List<DeviceBundle> bundles = new ArrayList<>();
            for (StoredDevice device : store.liveDevices(connection, userId)) {
                Optional<PublishedKey> signed = store.signedPreKey(connection, device.rowId());
                Optional<PublishedKey> lastResort = store.lastResortPreKey(connection, device.rowId());
                if (signed.isEmpty() || lastResort.isEmpty()) {
                    continue; // revoked since the device list was read
                }
                PublishedKey pqPreKey = store.claimPqPreKey(connection, device.rowId()).orElse(lastResort.get());
                PublishedKey preKey = store.claimPreKey(connection, device.rowId()).orElse(null);
                bundles.add(new DeviceBundle(device, signed.get(), pqPreKey, preKey));
            }
            return bundles;
        });
    }

    /**
     * A user's live devices with their certificates, claiming nothing: what a recipient needs to check the
     * device a message came from.
     *
     * @throws DeviceException USER_NOT_FOUND if no user of that name has used the gateway
     */
    List<StoredDevice> certifiedDevicesOf(String username) {
        requirePlausible(username);
        return database.withConnection(connection -> {
            UUID userId = store.userIdByUsername(connection, username)
                    .orElseThrow(() -> new DeviceException(DeviceException.Reason.USER_NOT_FOUND));
            return store.liveDevices(connection, userId);
        });
    }

    /**
     * @throws DeviceException USER_NOT_FOUND if no user of that name has used the gateway
     */
    UUID userIdOf(String username) {
        requirePlausible(username);
        return database.withConnection(connection -> store.userIdByUsername(connection, username))
                .orElseThrow(() -> new DeviceException(DeviceException.Reason.USER_NOT_FOUND));
    }

    private static void requirePlausible(String username) {
        if (username == null || username.isEmpty() || username.length() > MAX_USERNAME_LENGTH) {
            throw new DeviceException(DeviceException.Reason.USER_NOT_FOUND);
        }
    }
}
