// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.palisade.gateway.testing.LocalStackResource;

/** The gateway's datasource reaches the real PostgreSQL over TLS: a row written is read back. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class DatabaseRoundTripTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void writesARowAndReadsItBack() throws Exception {
        String value = UUID.randomUUID().toString();
        try (Connection connection = dataSource.getConnection()) {
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("create table if not exists harness_round_trip (id serial primary key, value text not null)");
            }
            long id;
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into harness_round_trip (value) values (?) returning id")) {
                insert.setString(1, value);
                try (ResultSet rows = insert.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    id = rows.getLong(1);
                }
            }
            try (PreparedStatement select = connection.prepareStatement("select value from harness_round_trip where id = ?")) {
                select.setLong(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString(1)).isEqualTo(value);
                }
            }
            try (Statement ssl = connection.createStatement(); ResultSet rows = ssl.executeQuery(
                    "select ssl from pg_stat_ssl where pid = pg_backend_pid()")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getBoolean(1)).as("the connection is TLS-encrypted").isTrue();
            }
        }
    }
}
