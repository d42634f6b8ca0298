// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.delivery;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HexFormat;
import org.palisade.gateway.devices.DeviceRevoked;
import org.palisade.gateway.epochs.EpochException;
import org.palisade.gateway.epochs.RoutingHash;

/**
 * When a device is revoked: its waiting envelopes are deleted (they were encrypted to keys that are gone, and a
 * device that registers the same id later could not read them), and every gateway is told, so whichever holds
 * its socket closes it at once (4410). If the notification is lost, the device's next authentication is refused.
 */
@ApplicationScoped
class RevocationSignal {

    private final AgroalDataSource dataSource;
    private final RoutingHash routing;
    private final MailboxStore mailbox;

    RevocationSignal(AgroalDataSource dataSource, RoutingHash routing, MailboxStore mailbox) {
        this.dataSource = dataSource;
        this.routing = routing;
        this.mailbox = mailbox;
    }

    void onRevoked(@Observes DeviceRevoked revoked) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement notify = connection.prepareStatement("select pg_notify(?, ?)")) {
            byte[] recipient = routing.of(revoked.userId(), revoked.deviceId());
            mailbox.discardAll(recipient);
            notify.setString(1, MailboxSignals.REVOKED_CHANNEL);
            notify.setString(2, HexFormat.of().formatHex(recipient));
            notify.execute();
        } catch (SQLException | EpochException e) {
            // the revocation itself is committed; the socket closes at its token's expiry at the latest
        }
    }
}
