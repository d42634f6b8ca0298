// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.palisade.gateway.identity.User;

/**
 * Registers devices: keys verified by libsignal first, then, in one transaction, the identity key checked
 * against a live registration of the same device id, the certificate issued, and everything stored. The
 * certificate is issued inside the transaction, with the device id's row locked, so a registration refused for
 * a conflict signs nothing.
 */
@ApplicationScoped
public class DeviceRegistration {

    /** PostgreSQL's unique_violation: a concurrent registration of the same device id won the race. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final AgroalDataSource dataSource;
    private final DeviceKeyVerifier verifier;
    private final DeviceCertificateIssuer issuer;
    private final DeviceStore store;
    private final Clock clock;

    DeviceRegistration(AgroalDataSource dataSource, DeviceKeyVerifier verifier, DeviceCertificateIssuer issuer,
                       DeviceStore store, Clock clock) {
        this.dataSource = dataSource;
        this.verifier = verifier;
        this.issuer = issuer;
        this.store = store;
        this.clock = clock;
    }

    RegisteredDevice register(User user, int deviceId, RegisterDeviceRequest request) {
        DeviceIds.require(deviceId);
        DeviceKeys keys = verifier.verify(request);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                RegisteredDevice registered = register(connection, user, deviceId, keys);
                connection.commit();
                return registered;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new DeviceException(DeviceException.Reason.IDENTITY_KEY_CONFLICT);
            }
            throw new DeviceException(DeviceException.Reason.STORE_UNAVAILABLE, e);
        }
    }

    private RegisteredDevice register(Connection connection, User user, int deviceId, DeviceKeys keys) throws SQLException {
        Optional<StoredDevice> live = store.lockLive(connection, user.id(), deviceId);
        if (live.isPresent() && !Arrays.equals(live.get().identityKey(), keys.identityKey())) {
            throw new DeviceException(DeviceException.Reason.IDENTITY_KEY_CONFLICT);
        }
        if (live.isPresent()) {
            // the same identity key keeps its certificate: a new one would leave the old serial valid and off
            // the revocation list, which holds one serial per device
            store.refresh(connection, live.get().rowId(), keys);
            return new RegisteredDevice(deviceId, live.get().certificate(), false);
        }
        byte[] certificate = issuer.issue(user, deviceId, keys.identityKey());
        store.insert(connection, user.id(), deviceId, keys, certificate, clock.instant());
        return new RegisteredDevice(deviceId, certificate, true);
    }

    List<StoredDevice> devicesOf(User user) {
        try (Connection connection = dataSource.getConnection()) {
            return store.list(connection, user.id());
        } catch (SQLException e) {
            throw new DeviceException(DeviceException.Reason.STORE_UNAVAILABLE, e);
        }
    }
}
