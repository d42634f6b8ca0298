// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.gateway;

import java.util.Objects;

/**
 * The delivery socket closed before the gateway was ready (for example 4401 for a token it does not
 * accept, 4403 for a device that is not the caller's live device).
 */
public final class DeliveryClosedException extends GatewayException {

  private static final long serialVersionUID = 1L;

  private final transient DeliveryConnection.Closure closure;

  DeliveryClosedException(DeliveryConnection.Closure closure) {
    super(
        Reason.CLOSED,
        "the gateway closed the delivery socket: " + Objects.requireNonNull(closure, "closure"),
        null);
    this.closure = closure;
  }

  public DeliveryConnection.Closure closure() {
    return closure;
  }
}
