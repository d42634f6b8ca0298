// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.store;

import java.util.Objects;
import org.signal.libsignal.protocol.IdentityKey;

/**
 * What the store knows about a remote device's identity.
 *
 * @param key the key last saved for the device (after a change of a verified key: the new one)
 * @param status whether the user verified it
 */
public record IdentityState(IdentityKey key, IdentityStatus status) {

  public IdentityState {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(status, "status");
  }

  /** Whether sending to the device is stopped until the user accepts its new key. */
  public boolean blocksSending() {
    return status == IdentityStatus.CHANGED_AFTER_VERIFICATION;
  }
}
