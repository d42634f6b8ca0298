// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Devices and their published keys in PostgreSQL. Methods take the caller's connection so that one
 * registration is one transaction; {@link DeviceRegistration} owns it.
 */
@ApplicationScoped
public class DeviceStore {

    static final String SIGNED_PREKEYS = "signed_prekeys";
    static final String KYBER_LAST_RESORT_PREKEYS = "kyber_last_resort_prekeys";
    static final String DEVICE_COLUMNS = "id, device_id, registration_id, identity_key, certificate, created, revoked_at";

    /**
     * The live registration of a device id. The device id is locked until the transaction ends, also when it
     * has no row yet (a transaction-scoped advisory lock), so concurrent registrations of one device id run one
     * after the other and each sees the one before.
     */
    Optional<StoredDevice> lockLive(Connection connection, UUID userId, int deviceId) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(hashtext(?), ?)")) {
            lock.setString(1, "device:" + userId);
            lock.setInt(2, deviceId);
            lock.execute();
        }
        try (PreparedStatement select = connection.prepareStatement("select " + DEVICE_COLUMNS
                + " from devices where user_id = ? and device_id = ? and revoked_at is null for update")) {
            select.setObject(1, userId);
            select.setInt(2, deviceId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(device(rows)) : Optional.empty();
            }
        }
    }

    List<StoredDevice> list(Connection connection, UUID userId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select " + DEVICE_COLUMNS
                + " from devices where user_id = ? order by device_id, created")) {
            select.setObject(1, userId);
            try (ResultSet rows = select.executeQuery()) {
                List<StoredDevice> devices = new ArrayList<>();
                while (rows.next()) {
                    devices.add(device(rows));
                }
                return devices;
            }
        }
    }

    /** @return the new row's id */
    long insert(Connection connection, UUID userId, int deviceId, DeviceKeys keys, byte[] certificate, Instant created)
            throws SQLException {
        long rowId;
        try (PreparedStatement insert = connection.prepareStatement("insert into devices"
                + " (user_id, device_id, registration_id, identity_key, certificate, created, certificate_serial)"
                + " values (?, ?, ?, ?, ?, ?, ?) returning id")) {
            insert.setObject(1, userId);
            insert.setInt(2, deviceId);
            insert.setInt(3, keys.registrationId());
            insert.setBytes(4, keys.identityKey());
            insert.setBytes(5, certificate);
            insert.setTimestamp(6, Timestamp.from(created));
            insert.setString(7, CertificateSerials.hex(certificate));
            try (ResultSet rows = insert.executeQuery()) {
                rows.next();
                rowId = rows.getLong(1);
            }
        }
        storeKeys(connection, rowId, keys);
        return rowId;
    }

    /** A live device re-registered with the same identity key: new registration id, keys and certificate. */
    void refresh(Connection connection, long rowId, DeviceKeys keys) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("update devices set registration_id = ? where id = ?")) {
            update.setInt(1, keys.registrationId());
            update.setLong(2, rowId);
            update.executeUpdate();
        }
        storeKeys(connection, rowId, keys);
    }

    private static void storeKeys(Connection connection, long rowId, DeviceKeys keys) throws SQLException {
        upsertSigned(connection, SIGNED_PREKEYS, rowId, keys.signedPreKey());
        upsertSigned(connection, KYBER_LAST_RESORT_PREKEYS, rowId, keys.pqLastResortPreKey());
        storeOneTimeKeys(connection, rowId, keys.preKeys(), keys.pqPreKeys());
    }

    /** Adds one-time prekeys; a key id already held is replaced. */
    static void storeOneTimeKeys(Connection connection, long rowId, List<PublishedKey> preKeys, List<PublishedKey> pqPreKeys)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("insert into one_time_prekeys (device, key_id, public_key)"
                + " values (?, ?, ?) on conflict (device, key_id) do update set public_key = excluded.public_key")) {
            for (PublishedKey key : preKeys) {
                insert.setLong(1, rowId);
                insert.setInt(2, key.keyId());
                insert.setBytes(3, key.publicKey());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (PreparedStatement insert = connection.prepareStatement("insert into one_time_kyber_prekeys"
                + " (device, key_id, public_key, signature) values (?, ?, ?, ?) on conflict (device, key_id)"
                + " do update set public_key = excluded.public_key, signature = excluded.signature")) {
            for (PublishedKey key : pqPreKeys) {
                insert.setLong(1, rowId);
                insert.setInt(2, key.keyId());
                insert.setBytes(3, key.publicKey());
                insert.setBytes(4, key.signature());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Replaces the signed EC prekey or the Kyber last-resort prekey; {@code table} is one of the two constants. */
    static void upsertSigned(Connection connection, String table, long rowId, PublishedKey key) throws SQLException {
        // the table name is one of two constants, never input
        try (PreparedStatement upsert = connection.prepareStatement("insert into " + table
                + " (device, key_id, public_key, signature) values (?, ?, ?, ?) on conflict (device) do update"
                + " set key_id = excluded.key_id, public_key = excluded.public_key, signature = excluded.signature")) {
            upsert.setLong(1, rowId);
            upsert.setInt(2, key.keyId());
            upsert.setBytes(3, key.publicKey());
            upsert.setBytes(4, key.signature());
            upsert.executeUpdate();
        }
    }

    static StoredDevice device(ResultSet rows) throws SQLException {
        Timestamp revoked = rows.getTimestamp("revoked_at");
        return new StoredDevice(rows.getLong("id"), rows.getInt("device_id"), rows.getInt("registration_id"),
                rows.getBytes("identity_key"), rows.getBytes("certificate"), rows.getTimestamp("created").toInstant(),
                revoked == null ? null : revoked.toInstant());
    }
}
