// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** A device's own prekeys: remaining counts, refills of one-time prekeys, rotation of the signed ones. */
@ApplicationScoped
public class DevicePreKeys {

    private final DeviceDatabase database;
    private final DeviceStore devices;
    private final PreKeyStore store;
    private final DeviceKeyVerifier verifier;
    private final DevicesConfig config;

    DevicePreKeys(DeviceDatabase database, DeviceStore devices, PreKeyStore store, DeviceKeyVerifier verifier,
                  DevicesConfig config) {
        this.database = database;
        this.devices = devices;
        this.store = store;
        this.verifier = verifier;
        this.config = config;
    }

    /** @throws DeviceException DEVICE_NOT_FOUND unless the user has a live device of that id */
    PreKeyCountResponse counts(UUID userId, int deviceId) {
        DeviceIds.require(deviceId);
        return database.withConnection(connection -> {
            long rowId = store.liveRowId(connection, userId, deviceId)
                    .orElseThrow(() -> new DeviceException(DeviceException.Reason.DEVICE_NOT_FOUND));
            return store.counts(connection, rowId);
        });
    }

    /**
     * Verifies the upload against the identity key the device registered with and stores it, all or nothing,
     * with the device's registration locked so that a concurrent revocation or re-registration waits.
     *
     * @return the counts after the refill
     * @throws DeviceException DEVICE_NOT_FOUND, MALFORMED_KEY, BAD_SIGNATURE, DUPLICATE_KEY_ID or TOO_MANY_PREKEYS
     */
    PreKeyCountResponse set(UUID userId, int deviceId, SetPreKeysRequest request) {
        DeviceIds.require(deviceId);
        return database.inTransaction(connection -> {
            StoredDevice device = devices.lockLive(connection, userId, deviceId)
                    .orElseThrow(() -> new DeviceException(DeviceException.Reason.DEVICE_NOT_FOUND));
            PreKeyUpload upload = verifier.verify(device.identityKey(), request);
            store.store(connection, device.rowId(), upload);
            PreKeyCountResponse counts = store.counts(connection, device.rowId());
            if (counts.preKeys() > config.maxOneTimePreKeys() || counts.pqPreKeys() > config.maxOneTimePreKeys()) {
                throw new DeviceException(DeviceException.Reason.TOO_MANY_PREKEYS);
            }
            return counts;
        });
    }
}
