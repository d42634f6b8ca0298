// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.epochs;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * The wrapped (HSM-encrypted) data keys in PostgreSQL: one per epoch, and the one routing key. Gateways that
 * race to create the same key both insert; the first row wins and every gateway uses it.
 */
@ApplicationScoped
class EpochKeyStore {

    /** A wrapped key, or a row whose key was destroyed when its retention passed. */
    record StoredKey(byte[] wrapped, boolean destroyed) {
    }

    private final AgroalDataSource dataSource;

    EpochKeyStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    Optional<StoredKey> epochKey(long epoch) throws SQLException {
        return read("select wrapped_dek from epoch_keys where epoch = ?", epoch);
    }

    /** Stores {@code wrapped} unless the epoch has a key already; either way returns the epoch's key. */
    StoredKey createEpochKey(long epoch, byte[] wrapped, Instant now) throws SQLException {
        insert("insert into epoch_keys (epoch, wrapped_dek, created) values (?, ?, ?) on conflict do nothing",
                epoch, wrapped, now);
        return epochKey(epoch).orElseThrow(() -> new SQLException("epoch key vanished after insert"));
    }

    Optional<StoredKey> routingKey() throws SQLException {
        return read("select wrapped_key from routing_keys where id = ?", 1);
    }

    StoredKey createRoutingKey(byte[] wrapped, Instant now) throws SQLException {
        insert("insert into routing_keys (id, wrapped_key, created) values (?, ?, ?) on conflict do nothing",
                1, wrapped, now);
        return routingKey().orElseThrow(() -> new SQLException("routing key vanished after insert"));
    }

    private Optional<StoredKey> read(String sql, long id) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                byte[] wrapped = rows.getBytes(1);
                return Optional.of(new StoredKey(wrapped, wrapped == null));
            }
        }
    }

    private void insert(String sql, long id, byte[] wrapped, Instant now) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setLong(1, id);
            insert.setBytes(2, wrapped);
            insert.setTimestamp(3, Timestamp.from(now));
            insert.executeUpdate();
        }
    }
}
