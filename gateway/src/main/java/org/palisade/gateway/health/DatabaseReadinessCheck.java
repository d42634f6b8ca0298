// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.health;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** PostgreSQL accepts a connection from the pool and answers a validation query. */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements HealthCheck {

    private static final int VALIDATION_TIMEOUT_SECONDS = 3;

    private final AgroalDataSource dataSource;

    DatabaseReadinessCheck(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public HealthCheckResponse call() {
        try (Connection connection = dataSource.getConnection()) {
            boolean valid = connection.isValid(VALIDATION_TIMEOUT_SECONDS);
            return HealthCheckResponse.named("database").status(valid).build();
        } catch (SQLException e) {
            // the SQL state says what kind of failure without echoing server text, which may hold identifiers
            return HealthCheckResponse.named("database").down().withData("sqlState", String.valueOf(e.getSQLState())).build();
        }
    }
}
