// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What a sender reads from the directory: users by username, their live devices, and prekeys. One-time prekeys
 * are claimed, not read: each claim is a single statement that deletes the key it returns, so a key is handed
 * out at most once; {@code skip locked} lets concurrent claims take different keys instead of queueing behind
 * one row and then finding it gone.
 */
@ApplicationScoped
public class BundleStore {

    /**
     * The user of that username. Usernames come from the first token of each subject and are not unique in the
     * store; should two subjects share one, the later one is taken (the SSO has since given it to them).
     */
    Optional<UUID> userIdByUsername(Connection connection, String username) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select id from users where username = ? order by created desc limit 1")) {
            select.setString(1, username);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getObject(1, UUID.class)) : Optional.empty();
            }
        }
    }

    List<StoredDevice> liveDevices(Connection connection, UUID userId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select " + DeviceStore.DEVICE_COLUMNS
                + " from devices where user_id = ? and revoked_at is null order by device_id")) {
            select.setObject(1, userId);
            try (ResultSet rows = select.executeQuery()) {
                List<StoredDevice> devices = new ArrayList<>();
                while (rows.next()) {
                    devices.add(DeviceStore.device(rows));
                }
                return devices;
            }
        }
    }

    Optional<PublishedKey> signedPreKey(Connection connection, long rowId) throws SQLException {
        return signed(connection, "select key_id, public_key, signature from signed_prekeys where device = ?", rowId);
    }

    Optional<PublishedKey> lastResortPreKey(Connection connection, long rowId) throws SQLException {
        return signed(connection, "select key_id, public_key, signature from kyber_last_resort_prekeys where device = ?", rowId);
    }

    /** Takes the device's lowest-numbered one-time EC prekey, if any is left; it is deleted as it is returned. */
    Optional<PublishedKey> claimPreKey(Connection connection, long rowId) throws SQLException {
        try (PreparedStatement claim = connection.prepareStatement("delete from one_time_prekeys where device = ? and key_id ="
                + " (select key_id from one_time_prekeys where device = ? order by key_id limit 1 for update skip locked)"
                + " returning key_id, public_key")) {
            claim.setLong(1, rowId);
            claim.setLong(2, rowId);
            try (ResultSet rows = claim.executeQuery()) {
                return rows.next() ? Optional.of(new PublishedKey(rows.getInt(1), rows.getBytes(2), null)) : Optional.empty();
            }
        }
    }

    /** Takes the device's lowest-numbered one-time Kyber prekey, if any is left; it is deleted as it is returned. */
    Optional<PublishedKey> claimPqPreKey(Connection connection, long rowId) throws SQLException {
        return signed(connection, "delete from one_time_kyber_prekeys where device = ? and key_id ="
                + " (select key_id from one_time_kyber_prekeys where device = ? order by key_id limit 1 for update skip locked)"
                + " returning key_id, public_key, signature", rowId, rowId);
    }

    private static Optional<PublishedKey> signed(Connection connection, String sql, long... rowIds) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < rowIds.length; i++) {
                statement.setLong(i + 1, rowIds[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(new PublishedKey(rows.getInt(1), rows.getBytes(2), rows.getBytes(3)))
                        : Optional.empty();
            }
        }
    }
}
