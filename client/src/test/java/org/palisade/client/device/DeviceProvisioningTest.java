// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palisade.client.auth.RefreshingTokenSource;
import org.palisade.client.gateway.GatewayClient;
import org.palisade.client.gateway.LocalGateway;
import org.palisade.client.gateway.PreKeyCounts;
import org.palisade.client.store.ClientStore;
import org.palisade.client.store.PersistentSignalStore;

/** A device's keys on the real gateway: registered with full batches, topped up, signed prekeys rotated when due. */
class DeviceProvisioningTest {

  @TempDir Path home;

  @Test
  void registersTopsUpAndRotatesWhenDue() throws Exception {
    LocalGateway gateway = LocalGateway.get();
    GatewayClient client = new GatewayClient(gateway.base, org.palisade.deploy.tls.TlsTrust.trusting(
        gateway.stack.certificateAuthority().caCertificate()),
        new RefreshingTokenSource(gateway.login(), gateway.tokensOf("carol"), tokens -> { }));
    int deviceId = 100 + (int) (Math.abs(UUID.randomUUID().getLeastSignificantBits()) % 27);
    try {
      client.revokeDevice(deviceId);
    } catch (Exception e) {
      // not live: fine
    }
    try (ClientStore store = ClientStore.create(home.resolve("store"), "provisioning test".toCharArray())) {
      Instant start = Instant.parse("2026-11-01T00:00:00Z");
      DeviceProvisioning today = new DeviceProvisioning(store, new PersistentSignalStore(store),
          Clock.fixed(start, ZoneOffset.UTC));
      today.register(client, deviceId);
      assertThat(client.preKeyCounts(deviceId)).isEqualTo(new PreKeyCounts(DeviceProvisioning.BATCH, DeviceProvisioning.BATCH));
      assertThat(today.topUp(client, deviceId)).as("nothing to add yet")
          .isEqualTo(new PreKeyCounts(DeviceProvisioning.BATCH, DeviceProvisioning.BATCH));

      for (int i = 0; i < DeviceProvisioning.BATCH - DeviceProvisioning.REFILL_BELOW + 1; i++) {
        client.bundles("carol");
      }
      PreKeyCounts low = client.preKeyCounts(deviceId);
      assertThat(low.preKeys()).isLessThan(DeviceProvisioning.REFILL_BELOW);
      assertThat(today.topUp(client, deviceId)).isEqualTo(new PreKeyCounts(DeviceProvisioning.BATCH, DeviceProvisioning.BATCH));

      assertThat(today.rotateIfDue(client, deviceId)).as("just registered").isFalse();
      DeviceProvisioning nextWeek = new DeviceProvisioning(store, new PersistentSignalStore(store),
          Clock.fixed(start.plus(DeviceProvisioning.ROTATE_AFTER).plus(Duration.ofMinutes(1)), ZoneOffset.UTC));
      assertThat(nextWeek.rotateIfDue(client, deviceId)).isTrue();
      assertThat(nextWeek.rotateIfDue(client, deviceId)).as("rotated: not due again").isFalse();
    } finally {
      client.revokeDevice(deviceId);
    }
  }
}
