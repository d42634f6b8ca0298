// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.palisade.client.messaging.PeerDevice;
import org.palisade.client.safety.SafetyQrCode;
import org.palisade.client.safety.UnreadableSafetyNumberException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code palisade verify USER (--scan PNG | --confirmed)}: marks the colleague verified, either by scanning the
 * QR code from their screen (saved as PNG) and matching it against the safety number here, or because the
 * user compared the digits. Also accepts a key that changed. Sending stops again if a key changes later.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Mark a colleague verified: --scan their QR code (PNG) or --confirmed after comparing digits.")
final class VerifyCommand extends ProfileCommand {

  @Parameters(paramLabel = "USER")
  String user;

  @Option(names = "--scan", paramLabel = "PNG", description = "The QR code shown by the colleague's device.")
  Path scan;

  @Option(names = "--confirmed", description = "You compared the 60 digits with the colleague and they match.")
  boolean confirmed;

  @Override
  int run() throws Exception {
    if ((scan == null) == !confirmed) {
      throw new CliFailure("give --scan PNG or --confirmed", null);
    }
    return withProfile(profile -> {
      List<PeerDevice> devices = profile.messenger().peerDevices(user);
      if (devices.isEmpty()) {
        throw new CliFailure(user + " has no certified device", null);
      }
      if (scan != null) {
        byte[] scanned;
        try {
          scanned = SafetyQrCode.readPng(scan);
        } catch (UnreadableSafetyNumberException e) {
          throw new CliFailure("the image holds no readable safety-number code", e);
        }
        boolean matches = false;
        for (PeerDevice device : devices) {
          matches |= device.safetyNumber().matchesScanned(scanned);
        }
        if (!matches) {
          throw new CliFailure("the scanned code does NOT match: do not trust this conversation until you know why",
              null);
        }
      }
      List<PeerDevice> marked = profile.messenger().markVerified(user);
      print(Map.of("verified", user, "devices", marked.stream().map(PeerDevice::deviceId).toList()),
          user + " verified (" + marked.size() + " device" + (marked.size() == 1 ? "" : "s") + ")");
      return 0;
    });
  }
}
