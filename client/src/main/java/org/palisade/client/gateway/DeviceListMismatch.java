// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.gateway;

import java.util.List;

/**
 * How one recipient's envelopes differed from their live devices (part of a 409 {@code
 * stale-device-list}): fetch bundles for {@code missingDevices}, drop sessions with {@code
 * extraDevices} and {@code staleDevices}, and send again.
 *
 * @param missingDevices live devices the request had no envelope for
 * @param extraDevices device ids the request addressed that are not live
 * @param staleDevices devices whose registration id changed since the session was made
 * @param devices the live devices now
 */
public record DeviceListMismatch(
    String recipient,
    List<Integer> missingDevices,
    List<Integer> extraDevices,
    List<Integer> staleDevices,
    List<CurrentDevice> devices) {

  public DeviceListMismatch {
    missingDevices = missingDevices == null ? List.of() : List.copyOf(missingDevices);
    extraDevices = extraDevices == null ? List.of() : List.copyOf(extraDevices);
    staleDevices = staleDevices == null ? List.of() : List.copyOf(staleDevices);
    devices = devices == null ? List.of() : List.copyOf(devices);
  }

  /** A live device of the recipient and its current registration id. */
  public record CurrentDevice(int deviceId, int registrationId) {}
}
