// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;

/** Connections and transactions for the directory's services; a database failure becomes STORE_UNAVAILABLE. */
@ApplicationScoped
public class DeviceDatabase {

    /** Work on one connection; it may throw {@link SQLException}. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final AgroalDataSource dataSource;

    DeviceDatabase(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs {@code work} with auto-commit: each statement is its own transaction. */
    <T> T withConnection(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new DeviceException(DeviceException.Reason.STORE_UNAVAILABLE, e);
        }
    }

    /** Runs {@code work} in one transaction, rolled back if it throws. */
    <T> T inTransaction(Work<T> work) {
        return withConnection(connection -> {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        });
    }
}
