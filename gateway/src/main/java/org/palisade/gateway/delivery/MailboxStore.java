// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.delivery;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The mailbox table. Writes notify the other gateways (PostgreSQL {@code NOTIFY} on {@value #CHANNEL}, payload
 * the routing hash in hex) when their transaction commits, so the gateway holding the device's socket pushes.
 */
@ApplicationScoped
public class MailboxStore {

    static final String CHANNEL = "palisade_mailbox";

    /** A waiting envelope: its mailbox position, id and sealed bytes. */
    record Waiting(long seq, UUID envelopeId, byte[] sealed) {
    }

    /** An envelope to store for a recipient device. */
    record Incoming(UUID envelopeId, byte[] recipient, long epoch, byte[] sealed) {
    }

    private final AgroalDataSource dataSource;

    MailboxStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Stores a batch in one transaction; an envelope already stored (a Kafka record read twice) is skipped.
     *
     * @return how many were new
     */
    int store(List<Incoming> batch) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                int stored = 0;
                Set<String> woken = new LinkedHashSet<>();
                try (PreparedStatement insert = connection.prepareStatement("insert into mailbox"
                        + " (envelope_id, recipient, epoch, sealed) values (?, ?, ?, ?) on conflict (envelope_id) do nothing")) {
                    for (Incoming envelope : batch) {
                        insert.setObject(1, envelope.envelopeId());
                        insert.setBytes(2, envelope.recipient());
                        insert.setLong(3, envelope.epoch());
                        insert.setBytes(4, envelope.sealed());
                        insert.addBatch();
                        woken.add(HexFormat.of().formatHex(envelope.recipient()));
                    }
                    for (int count : insert.executeBatch()) {
                        stored += Math.max(count, 0);
                    }
                }
                try (PreparedStatement notify = connection.prepareStatement("select pg_notify(?, ?)")) {
                    for (String recipient : woken) {
                        notify.setString(1, CHANNEL);
                        notify.setString(2, recipient);
                        notify.addBatch();
                    }
                    notify.executeBatch();
                }
                connection.commit();
                return stored;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /** A device's waiting envelopes after {@code afterSeq}, oldest first. */
    List<Waiting> waiting(byte[] recipient, long afterSeq, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(
                "select seq, envelope_id, sealed from mailbox where recipient = ? and seq > ? order by seq limit ?")) {
            select.setBytes(1, recipient);
            select.setLong(2, afterSeq);
            select.setInt(3, limit);
            try (ResultSet rows = select.executeQuery()) {
                List<Waiting> waiting = new ArrayList<>();
                while (rows.next()) {
                    waiting.add(new Waiting(rows.getLong(1), rows.getObject(2, UUID.class), rows.getBytes(3)));
                }
                return waiting;
            }
        }
    }

    /** Deletes an acknowledged envelope; false if the device has no such envelope (unknown, or acknowledged before). */
    boolean acknowledge(byte[] recipient, UUID envelopeId) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement delete = connection.prepareStatement(
                "delete from mailbox where envelope_id = ? and recipient = ?")) {
            delete.setObject(1, envelopeId);
            delete.setBytes(2, recipient);
            return delete.executeUpdate() == 1;
        }
    }

    /** Drops an envelope that can never be delivered (its seal does not open). */
    void discard(long seq) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement delete = connection.prepareStatement(
                "delete from mailbox where seq = ?")) {
            delete.setLong(1, seq);
            delete.executeUpdate();
        }
    }

    /** Drops everything waiting for a device that was revoked: it was encrypted to keys that are gone. */
    int discardAll(byte[] recipient) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement delete = connection.prepareStatement(
                "delete from mailbox where recipient = ?")) {
            delete.setBytes(1, recipient);
            return delete.executeUpdate();
        }
    }

    /** How many envelopes wait, for all devices together. */
    long depth() throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement count = connection.prepareStatement(
                "select count(*) from mailbox"); ResultSet rows = count.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
