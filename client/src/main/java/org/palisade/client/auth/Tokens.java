// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The tokens of one login at the company SSO. They are credentials: keep them only in the encrypted
 * store, and never print them ({@link #toString()} shows the expiry times only).
 *
 * @param accessToken the bearer token for the gateway
 * @param refreshToken the token that gets a fresh access token, or null when the provider gave none
 * @param accessExpires when the access token stops working
 * @param refreshExpires when the refresh token stops working, or null when the provider did not say
 */
public record Tokens(
    String accessToken, String refreshToken, Instant accessExpires, Instant refreshExpires) {

  public Tokens {
    Objects.requireNonNull(accessToken, "accessToken");
    Objects.requireNonNull(accessExpires, "accessExpires");
  }

  /** Whether the access token is still valid for at least {@code margin} at {@code now}. */
  public boolean accessValidFor(Duration margin, Instant now) {
    return now.plus(margin).isBefore(accessExpires);
  }

  /**
   * Whether the refresh token can still be used at {@code now} (unknown expiry counts as usable).
   */
  public boolean refreshUsableAt(Instant now) {
    return refreshToken != null && (refreshExpires == null || now.isBefore(refreshExpires));
  }

  @Override
  public String toString() {
    // the tokens themselves never go into logs, exception messages or debugger views of collections
    return "Tokens[accessExpires="
        + accessExpires
        + ", refreshExpires="
        + refreshExpires
        + ", refreshable="
        + (refreshToken != null)
        + "]";
  }
}
