// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.ledger;

import static org.palisade.hsm.ledger.CustodyLedgerSchema.CHECKPOINTS;
import static org.palisade.hsm.ledger.CustodyLedgerSchema.ENTRIES;

import java.io.IOException;
import java.io.Writer;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.palisade.audit.ledger.LedgerCheckpoint;
import org.palisade.audit.ledger.LedgerEntry;
import org.palisade.audit.ledger.LedgerFormat;
import org.palisade.audit.ledger.LedgerFormatException;
import org.palisade.audit.ledger.LedgerHeader;
import org.palisade.audit.ledger.LedgerLine;

/**
 * The custody ledger in PostgreSQL, shared by every gateway that uses the database. Each entry is stored as
 * its export line ({@code palisade-custody-ledger/1}, see docs/custody-ledger.md), encoded by the same classes
 * the offline verifier reads, so the two cannot drift.
 *
 * <p>Checkpoints are signed after {@code checkpointEvery} entries, by the appending thread once its entry is
 * committed, and by {@link #checkpointIfDue}, which the caller schedules. Signing happens outside any
 * transaction and without a connection held, because the signer's own use of the {@code audit-checkpoint} key
 * is appended like any other; one checkpoint at a time per instance, so that append cannot start another.
 *
 * <p>Nothing here logs. A database failure becomes a {@link LedgerUnavailableException} whose message holds no
 * SQL and no ledger data, only the SQLSTATE.
 */
public final class JdbcCustodyLedger implements CustodyLedger {

    private final DataSource dataSource;
    private final Clock clock;
    private final CheckpointSigner signer;
    private final int checkpointEvery;
    private final AtomicBoolean checkpointing = new AtomicBoolean();
    private volatile boolean schemaReady;

    /**
     * @param checkpointEvery sign a checkpoint once this many entries follow the last one (at least 1)
     */
    public JdbcCustodyLedger(DataSource dataSource, Clock clock, CheckpointSigner signer, int checkpointEvery) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.signer = Objects.requireNonNull(signer, "signer");
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("checkpointEvery is at least 1");
        }
        this.checkpointEvery = checkpointEvery;
    }

    /**
     * {@inheritDoc}
     *
     * <p>May sign a checkpoint afterwards (see the class comment); a checkpoint that fails does not fail the
     * append, whose entry is committed by then: the next append, or {@link #checkpointIfDue}, tries again, and
     * the signer records the failed attempt.
     *
     * @throws IllegalArgumentException when a field of {@code event} breaks the format's rules (a control
     *         character in the purpose, a detail over 200 characters): a bug in the caller
     */
    @Override
    public void append(CustodyEvent event) {
        Objects.requireNonNull(event, "event");
        long seq;
        long lastCheckpoint;
        try (Connection connection = connection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                try (Statement lock = connection.createStatement()) {
                    lock.execute(CustodyLedgerSchema.APPEND_LOCK);
                }
                Head head = head(connection);
                lastCheckpoint = lastCheckpointSeq(connection);
                seq = head.seq + 1;
                LedgerEntry entry = LedgerEntry.chained(seq, LedgerFormat.formatTime(clock.instant()), event.keyName(),
                        event.keyVersion(), event.operation().ledgerName(), event.purpose(),
                        event.principal().ledgerName(), event.outcome().ledgerName(), event.detail(), event.count(),
                        head.hash);
                try (PreparedStatement insert = connection.prepareStatement(
                        "insert into " + ENTRIES + " (seq, hash, line) values (?, ?, ?)")) {
                    insert.setLong(1, seq);
                    insert.setString(2, entry.hash());
                    insert.setString(3, entry.toJson());
                    insert.executeUpdate();
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw unavailable("the custody ledger entry could not be written", e);
        }
        // the connection is back in the pool before the signer (and its own append) needs one
        if (seq - lastCheckpoint >= checkpointEvery) {
            try {
                checkpoint(null);
            } catch (RuntimeException e) {
                // the entry is committed; this checkpoint is retried by the next append or the scheduled one
            }
        }
    }

    /**
     * Signs a checkpoint over the current head when entries were appended since the last checkpoint and that
     * checkpoint is at least {@code maxAge} old (or there is none). Call it every {@code maxAge} or so: no entry
     * then stays unprotected much longer than that. Returns the checkpoint made, or empty when none was due or
     * another is being made by this instance (that one covers the same entries).
     *
     * @throws LedgerUnavailableException when the database cannot be reached or the checkpoint cannot be signed
     */
    public Optional<LedgerCheckpoint> checkpointIfDue(Duration maxAge) {
        if (Objects.requireNonNull(maxAge, "maxAge").isNegative()) {
            throw new IllegalArgumentException("maxAge must not be negative");
        }
        return checkpoint(maxAge);
    }

    /**
     * Writes the whole ledger in the export format: the header (with the checkpoint certificate), then each
     * entry in seq order, each checkpoint right after the entry it covers, from one consistent snapshot. The
     * stored lines are written as they are, so a row changed in the database shows in the export as changed.
     * The writer is not closed.
     *
     * @throws LedgerUnavailableException when the database cannot be read
     */
    public void export(Writer out) throws IOException {
        X509Certificate certificate = signer.checkpointCertificate();
        String header;
        try {
            header = LedgerHeader.of(certificate.getEncoded(), LedgerFormat.formatTime(clock.instant())).toJson();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("the checkpoint certificate cannot be encoded", e);
        }
        try (Connection connection = connection()) {
            boolean autoCommit = connection.getAutoCommit();
            int isolation = connection.getTransactionIsolation();
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                TreeMap<Long, String> checkpoints = new TreeMap<>();
                try (Statement select = connection.createStatement();
                        ResultSet rows = select.executeQuery("select seq, line from " + CHECKPOINTS + " order by seq")) {
                    while (rows.next()) {
                        checkpoints.put(rows.getLong(1), rows.getString(2));
                    }
                }
                out.write(header);
                out.write('\n');
                try (Statement select = connection.createStatement()) {
                    select.setFetchSize(1000);
                    try (ResultSet rows = select.executeQuery("select seq, line from " + ENTRIES + " order by seq")) {
                        while (rows.next()) {
                            out.write(rows.getString(2));
                            out.write('\n');
                            String checkpoint = checkpoints.get(rows.getLong(1));
                            if (checkpoint != null) {
                                out.write(checkpoint);
                                out.write('\n');
                            }
                        }
                    }
                }
                connection.commit();
            } catch (SQLException | IOException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            } finally {
                connection.setTransactionIsolation(isolation);
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw unavailable("the custody ledger could not be read", e);
        }
        out.flush();
    }

    /** @param maxAge how old the last checkpoint must be, or null when the count of entries alone decides */
    private Optional<LedgerCheckpoint> checkpoint(Duration maxAge) {
        if (!checkpointing.compareAndSet(false, true)) {
            return Optional.empty();
        }
        try {
            Head head;
            Optional<LedgerCheckpoint> last;
            try (Connection connection = connection()) {
                head = head(connection);
                last = lastCheckpoint(connection);
            } catch (SQLException e) {
                throw unavailable("the custody ledger could not be read", e);
            }
            Instant now = clock.instant();
            if (head.seq == 0 || last.map(c -> c.seq() >= head.seq).orElse(false) || (maxAge != null
                    && last.map(c -> LedgerFormat.parseTime(c.time()).plus(maxAge).isAfter(now)).orElse(false))) {
                return Optional.empty();
            }
            String time = LedgerFormat.formatTime(now);
            byte[] signature = sign(LedgerFormat.checkpointMessage(head.seq, head.hash, time));
            LedgerCheckpoint checkpoint = LedgerCheckpoint.signed(head.seq, time, head.hash, signature);
            try (Connection connection = connection();
                    PreparedStatement insert = connection.prepareStatement("insert into " + CHECKPOINTS
                            + " (seq, line) values (?, ?) on conflict (seq) do nothing")) {
                insert.setLong(1, checkpoint.seq());
                insert.setString(2, checkpoint.toJson());
                // another gateway checkpointed the same head first: its checkpoint stands
                return insert.executeUpdate() == 1 ? Optional.of(checkpoint) : Optional.empty();
            } catch (SQLException e) {
                throw unavailable("the custody ledger checkpoint could not be written", e);
            }
        } finally {
            checkpointing.set(false);
        }
    }

    /** Signs, and checks the signature against the certificate exports will carry: a mismatch fails now, not at the audit. */
    private byte[] sign(byte[] message) {
        byte[] signature;
        try {
            signature = signer.signCheckpoint(message);
        } catch (LedgerUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new LedgerUnavailableException("the custody ledger checkpoint could not be signed", e);
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(signer.checkpointCertificate().getPublicKey());
            verifier.update(message);
            if (verifier.verify(signature)) {
                return signature;
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            // falls through to the refusal below
        }
        throw new LedgerUnavailableException(
                "the checkpoint signature does not verify with the checkpoint certificate: signer and certificate differ");
    }

    private Connection connection() throws SQLException {
        Connection connection = dataSource.getConnection();
        if (!schemaReady) {
            try {
                createSchema(connection);
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
        }
        return connection;
    }

    private synchronized void createSchema(Connection connection) throws SQLException {
        if (!schemaReady) {
            CustodyLedgerSchema.createIfAbsent(connection);
            schemaReady = true;
        }
    }

    private record Head(long seq, String hash) {
    }

    private static Head head(Connection connection) throws SQLException {
        try (Statement select = connection.createStatement();
                ResultSet row = select.executeQuery("select seq, hash from " + ENTRIES + " order by seq desc limit 1")) {
            return row.next() ? new Head(row.getLong(1), row.getString(2)) : new Head(0, LedgerFormat.ZERO_HASH);
        }
    }

    private static long lastCheckpointSeq(Connection connection) throws SQLException {
        try (Statement select = connection.createStatement();
                ResultSet row = select.executeQuery("select coalesce(max(seq), 0) from " + CHECKPOINTS)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static Optional<LedgerCheckpoint> lastCheckpoint(Connection connection) throws SQLException {
        try (Statement select = connection.createStatement();
                ResultSet row = select.executeQuery("select line from " + CHECKPOINTS + " order by seq desc limit 1")) {
            if (!row.next()) {
                return Optional.empty();
            }
            try {
                return Optional.of((LedgerCheckpoint) LedgerLine.parse(row.getString(1)));
            } catch (LedgerFormatException | ClassCastException e) {
                // a stored checkpoint that does not read: a fresh one is the safe answer (the export shows the bad row)
                return Optional.empty();
            }
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // the original failure is the one to report; closing the connection ends the transaction anyway
        }
    }

    /** SQLSTATE only: a driver's message can quote SQL, row values (principals) or the server's address. */
    private static LedgerUnavailableException unavailable(String what, SQLException e) {
        return new LedgerUnavailableException(what + " (SQLSTATE " + e.getSQLState() + ")");
    }
}
