// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * The answer to one poll of the token endpoint with a device code (RFC 8628 section 3.5). Refusals
 * that end the login ({@code access_denied}, {@code expired_token}, ...) are thrown as {@link
 * LoginException}.
 */
public final class DeviceTokenPoll {

  /** What the provider said. */
  public enum Status {
    /** The user has not confirmed yet: poll again after the interval. */
    PENDING,
    /** Polled too often: add 5 seconds to the interval, then poll again. */
    SLOW_DOWN,
    /** Confirmed: the tokens are here. */
    GRANTED
  }

  private static final DeviceTokenPoll PENDING = new DeviceTokenPoll(Status.PENDING, null);
  private static final DeviceTokenPoll SLOW_DOWN = new DeviceTokenPoll(Status.SLOW_DOWN, null);

  private final Status status;
  private final Tokens tokens;

  private DeviceTokenPoll(Status status, Tokens tokens) {
    this.status = status;
    this.tokens = tokens;
  }

  static DeviceTokenPoll pending() {
    return PENDING;
  }

  static DeviceTokenPoll slowDown() {
    return SLOW_DOWN;
  }

  static DeviceTokenPoll granted(Tokens tokens) {
    return new DeviceTokenPoll(Status.GRANTED, Objects.requireNonNull(tokens, "tokens"));
  }

  public Status status() {
    return status;
  }

  /** The tokens when {@link Status#GRANTED}. */
  public Optional<Tokens> tokens() {
    return Optional.ofNullable(tokens);
  }

  @Override
  public String toString() {
    return "DeviceTokenPoll[" + status + "]";
  }
}
