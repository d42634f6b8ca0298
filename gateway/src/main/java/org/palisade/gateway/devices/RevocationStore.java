// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Revoked registrations: the row and its certificate are kept for the revocation list, its prekeys are not. */
@ApplicationScoped
public class RevocationStore {

    void revoke(Connection connection, long rowId, Instant at) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("update devices set revoked_at = ? where id = ?")) {
            update.setTimestamp(1, Timestamp.from(at));
            update.setLong(2, rowId);
            update.executeUpdate();
        }
        for (String table : List.of("one_time_prekeys", "one_time_kyber_prekeys", DeviceStore.SIGNED_PREKEYS,
                DeviceStore.KYBER_LAST_RESORT_PREKEYS)) {
            // the table names are the constants above, never input
            try (PreparedStatement delete = connection.prepareStatement("delete from " + table + " where device = ?")) {
                delete.setLong(1, rowId);
                delete.executeUpdate();
            }
        }
    }

    List<RevokedCertificateResponse> revoked(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select certificate_serial, certificate, revoked_at"
                + " from devices where revoked_at is not null order by revoked_at, id")) {
            try (ResultSet rows = select.executeQuery()) {
                List<RevokedCertificateResponse> revoked = new ArrayList<>();
                while (rows.next()) {
                    String serial = rows.getString(1);
                    if (serial == null) {
                        serial = CertificateSerials.hex(rows.getBytes(2)); // registered before the serial column
                    }
                    revoked.add(new RevokedCertificateResponse(serial, rows.getTimestamp(3).toInstant()));
                }
                return revoked;
            }
        }
    }
}
