// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/** A device's own view of its prekeys on the gateway: how many one-time prekeys are left, and refills. */
@ApplicationScoped
public class PreKeyStore {

    /** The row id of the user's live registration of {@code deviceId}, without locking it. */
    Optional<Long> liveRowId(Connection connection, UUID userId, int deviceId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select id from devices where user_id = ? and device_id = ? and revoked_at is null")) {
            select.setObject(1, userId);
            select.setInt(2, deviceId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
            }
        }
    }

    PreKeyCountResponse counts(Connection connection, long rowId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select (select count(*) from one_time_prekeys where device = ?),"
                        + " (select count(*) from one_time_kyber_prekeys where device = ?)")) {
            select.setLong(1, rowId);
            select.setLong(2, rowId);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return new PreKeyCountResponse(rows.getInt(1), rows.getInt(2));
            }
        }
    }

    /** Stores a verified upload: rotated keys replace the current ones, one-time keys are added. */
    void store(Connection connection, long rowId, PreKeyUpload upload) throws SQLException {
        if (upload.signedPreKey() != null) {
            DeviceStore.upsertSigned(connection, DeviceStore.SIGNED_PREKEYS, rowId, upload.signedPreKey());
        }
        if (upload.pqLastResortPreKey() != null) {
            DeviceStore.upsertSigned(connection, DeviceStore.KYBER_LAST_RESORT_PREKEYS, rowId, upload.pqLastResortPreKey());
        }
        DeviceStore.storeOneTimeKeys(connection, rowId, upload.preKeys(), upload.pqPreKeys());
    }
}
