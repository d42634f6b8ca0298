// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.palisade.client.messaging.PeerDevice;
import org.palisade.client.safety.SafetyQrCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code palisade safety-number USER [--qr PNG]}: the 60-digit safety number between this device and each of
 * the colleague's devices, and the QR code to scan (in the terminal, or as a PNG). Compare them in person or
 * over a channel you trust; then {@code verify USER}.
 */
@Command(name = "safety-number", mixinStandardHelpOptions = true,
    description = "Show the safety numbers with a colleague's devices, and a QR code.")
final class SafetyNumberCommand extends ProfileCommand {

  @Parameters(paramLabel = "USER")
  String user;

  @Option(names = "--device", paramLabel = "ID", description = "Only this device of theirs (the QR is for it).")
  Integer device;

  @Option(names = "--qr", paramLabel = "PNG", description = "Also write the QR code of the (first) device as PNG.")
  Path qr;

  @Override
  int run() throws Exception {
    return withProfile(profile -> {
      List<PeerDevice> devices = new ArrayList<>(profile.messenger().peerDevices(user));
      if (device != null) {
        devices.removeIf(d -> d.deviceId() != device);
      }
      if (devices.isEmpty()) {
        throw new CliFailure(user + " has no certified device" + (device != null ? " with that id" : ""), null);
      }
      List<Map<String, Object>> json = new ArrayList<>();
      StringBuilder text = new StringBuilder();
      for (PeerDevice peer : devices) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("username", peer.username());
        entry.put("deviceId", peer.deviceId());
        entry.put("safetyNumber", peer.safetyNumber().digits());
        entry.put("status", peer.status() == null ? "new" : peer.status().name().toLowerCase());
        entry.put("keyChanged", peer.keyChanged());
        json.add(entry);
        text.append(user).append(" device ").append(peer.deviceId()).append(": ")
            .append(peer.safetyNumber().displayText())
            .append(peer.keyChanged() ? "  (KEY CHANGED)" : "")
            .append(peer.status() == null ? "" : "  [" + peer.status().name().toLowerCase() + "]").append('\n');
      }
      SafetyQrCode code = SafetyQrCode.of(devices.get(0).safetyNumber());
      if (qr != null) {
        code.writePng(qr);
      }
      if (!options.json) {
        text.append(code.renderForTerminal());
      }
      print(json, text.toString().stripTrailing());
      return 0;
    });
  }
}
