// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.delivery;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import jakarta.inject.Inject;
import java.net.URL;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the delivery tests share: the gateway under test, its database, and a start from nothing before each
 * test (the demo users' devices forgotten, the mailbox empty), then the devices the test class needs.
 */
abstract class DeliveryTestBase {

    @TestHTTPResource(value = "/", tls = true)
    URL gateway;

    @Inject
    AgroalDataSource dataSource;

    Messaging messaging;

    @BeforeEach
    void startFromNothing() throws Exception {
        Messaging.reset(dataSource, "alice", "bob", "carol");
        messaging = new Messaging(gateway);
        registerDevices();
    }

    /** The devices every test of the class starts with: by default alice's and bob's device 1. */
    void registerDevices() {
        messaging.register("alice", 1);
        messaging.register("bob", 1);
    }

    long mailboxRows() throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement count = connection.createStatement();
             ResultSet rows = count.executeQuery("select count(*) from mailbox")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
