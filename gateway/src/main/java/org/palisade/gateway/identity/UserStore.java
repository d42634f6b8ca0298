// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.identity;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;

/** Users in PostgreSQL (table {@code users}), keyed by the SSO subject. */
@ApplicationScoped
public class UserStore {

    private final AgroalDataSource dataSource;
    private final Clock clock;

    UserStore(AgroalDataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * Adds the user if the subject is new. An existing row is left as it is: usernames are taken from the
     * first token; keeping them in step with the SSO is a later admin concern.
     */
    public void addIfAbsent(User user) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "insert into users (id, username, display_name, created) values (?, ?, ?, ?) on conflict (id) do nothing")) {
            insert.setObject(1, user.id());
            insert.setString(2, user.username());
            insert.setString(3, user.displayName());
            insert.setTimestamp(4, Timestamp.from(clock.instant()));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IdentityException(IdentityException.Reason.STORE_UNAVAILABLE, e);
        }
    }
}
