// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.auth;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An RFC 8628 device authorization in progress: show {@code userCode} and {@code verificationUri}
 * (or a QR code of {@code verificationUriComplete}) to the user, then poll with {@link
 * OidcLogin#pollDeviceToken(DeviceCode)}.
 *
 * @param userCode the short code the user confirms in the browser
 * @param verificationUri where the user goes to confirm
 * @param verificationUriComplete the same with the code filled in, or null when the provider gave
 *     none
 * @param interval the minimum wait between two polls
 * @param expiresAt when the codes stop working
 * @param deviceCode the secret this client polls with; never shown to the user
 */
public record DeviceCode(
    String userCode,
    URI verificationUri,
    URI verificationUriComplete,
    Duration interval,
    Instant expiresAt,
    String deviceCode) {

  public DeviceCode {
    Objects.requireNonNull(userCode, "userCode");
    Objects.requireNonNull(verificationUri, "verificationUri");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(deviceCode, "deviceCode");
  }

  @Override
  public String toString() {
    return "DeviceCode[userCode="
        + userCode
        + ", verificationUri="
        + verificationUri
        + ", interval="
        + interval
        + ", expiresAt="
        + expiresAt
        + "]";
  }
}
