// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.gateway;

import java.time.Duration;
import java.util.List;

/**
 * A submission was refused with 409 {@code stale-device-list}: the envelopes did not address
 * exactly the recipients' live devices, and nothing was sent. {@link #mismatches()} says what to
 * fix per recipient.
 */
public final class StaleDevicesException extends GatewayException {

  private static final long serialVersionUID = 1L;

  /** The problem type of a stale device list. */
  public static final String PROBLEM_TYPE = PROBLEM_PREFIX + "stale-device-list";

  private final transient List<DeviceListMismatch> mismatches;

  StaleDevicesException(
      int status,
      String problemType,
      String title,
      String detail,
      Duration retryAfter,
      List<DeviceListMismatch> mismatches) {
    super(status, problemType, title, detail, retryAfter);
    this.mismatches = List.copyOf(mismatches);
  }

  /** One entry per recipient whose devices differ. */
  public List<DeviceListMismatch> mismatches() {
    return mismatches;
  }

  /** The mismatch for one recipient, or null when that recipient's devices were right. */
  public DeviceListMismatch mismatchFor(String recipient) {
    return mismatches.stream()
        .filter(m -> m.recipient().equals(recipient))
        .findFirst()
        .orElse(null);
  }
}
