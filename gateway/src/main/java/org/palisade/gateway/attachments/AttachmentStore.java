// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.attachments;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Sealed attachments in PostgreSQL, one statement (and transaction) per call. */
@ApplicationScoped
class AttachmentStore {

    /** A stored row: the epoch it was sealed in and the sealed bytes. */
    record Sealed(long epoch, byte[] sealed) {
    }

    private final AgroalDataSource dataSource;

    AttachmentStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    void insert(UUID id, long epoch, long size, byte[] sealed, Instant created) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement(
                "insert into attachments (id, epoch, size, sealed, created) values (?, ?, ?, ?, ?)")) {
            insert.setObject(1, id);
            insert.setLong(2, epoch);
            insert.setLong(3, size);
            insert.setBytes(4, sealed);
            insert.setTimestamp(5, Timestamp.from(created));
            insert.executeUpdate();
        }
    }

    Optional<Sealed> find(UUID id) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(
                "select epoch, sealed from attachments where id = ?")) {
            select.setObject(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(new Sealed(rows.getLong(1), rows.getBytes(2))) : Optional.empty();
            }
        }
    }

    /** Deletes every attachment of an epoch below {@code epoch}; returns how many. */
    int deleteEpochsBefore(long epoch) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement delete = connection.prepareStatement(
                "delete from attachments where epoch < ?")) {
            delete.setLong(1, epoch);
            return delete.executeUpdate();
        }
    }
}
