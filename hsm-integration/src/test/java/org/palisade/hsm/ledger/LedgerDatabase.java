// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.ledger;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.palisade.deploy.postgres.PostgresServer;
import org.palisade.deploy.testing.TestInfrastructure;
import org.postgresql.ds.PGSimpleDataSource;

/** A fresh schema in the test run's real PostgreSQL, so each test has a ledger of its own. */
public final class LedgerDatabase implements AutoCloseable {

    private final PostgresServer postgres = TestInfrastructure.postgres();
    final String schema = "ledger_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    final PGSimpleDataSource unpooled = new PGSimpleDataSource();
    private final TestPool pool = new TestPool(unpooled, 10);

    public LedgerDatabase() throws SQLException {
        try (Connection admin = connect(postgres.jdbcUrl()); Statement statement = admin.createStatement()) {
            statement.execute("create schema " + schema);
        }
        unpooled.setUrl(url());
        unpooled.setUser(PostgresServer.USER);
        unpooled.setPassword(postgres.password());
    }

    /** The JDBC URL of this schema (TLS, verify-full). */
    public String url() {
        return postgres.jdbcUrl() + "&currentSchema=" + schema;
    }

    /** A connection in this schema, outside the ledger, as an operator (or an intruder) with SQL access has. */
    Connection connect() throws SQLException {
        return connect(url());
    }

    private Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, PostgresServer.USER, postgres.password());
    }

    /** A data source in this schema logging in as another role (whose privileges the test grants). */
    PGSimpleDataSource as(String role, String password) {
        PGSimpleDataSource other = new PGSimpleDataSource();
        other.setUrl(url());
        other.setUser(role);
        other.setPassword(password);
        return other;
    }

    /** Pooled, as the gateway's is. */
    DataSource dataSource() {
        return pool;
    }

    @Override
    public void close() throws SQLException {
        pool.close();
        try (Connection admin = connect(postgres.jdbcUrl()); Statement statement = admin.createStatement()) {
            statement.execute("drop schema " + schema + " cascade");
        }
    }
}
