// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.cli;

import java.util.List;
import java.util.Map;
import org.palisade.client.gateway.Device;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code palisade devices [revoke ID]}: this user's devices, and revoking one (lost laptop, old phone). */
@Command(name = "devices", mixinStandardHelpOptions = true,
    description = "List your devices, or revoke one: devices revoke ID.")
final class DevicesCommand extends ProfileCommand {

  @Parameters(index = "0", arity = "0..1", paramLabel = "revoke", description = "revoke")
  String action;

  @Parameters(index = "1", arity = "0..1", paramLabel = "ID", description = "The device id to revoke.")
  Integer deviceId;

  @Override
  int run() throws Exception {
    return withProfile(profile -> {
      if (action == null || action.equals("list")) {
        List<Device> devices = profile.gateway().myDevices();
        int self = profile.requireIdentity().deviceId();
        StringBuilder text = new StringBuilder();
        for (Device device : devices) {
          text.append(device.deviceId()).append(device.live() ? " live" : " revoked")
              .append(device.deviceId() == self ? " (this device)" : "").append('\n');
        }
        print(devices, text.toString().strip());
        return 0;
      }
      if (!action.equals("revoke") || deviceId == null) {
        throw new CliFailure("usage: devices [list] | devices revoke ID", null);
      }
      profile.gateway().revokeDevice(deviceId);
      print(Map.of("revoked", deviceId), "revoked device " + deviceId);
      return 0;
    });
  }
}
