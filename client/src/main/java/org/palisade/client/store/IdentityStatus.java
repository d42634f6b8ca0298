// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.store;

/** How far the user trusts a remote device's identity key. */
public enum IdentityStatus {
  /**
   * Trusted on first use, or accepted after a change, but never compared with the owner. A new key
   * for such a device is trusted as well; the messenger shows a "safety number changed" notice.
   */
  UNVERIFIED,
  /** The user compared safety numbers with the owner and marked this key verified. */
  VERIFIED,
  /**
   * The device had a verified key and now presents another. Messages from it are still received;
   * sending to it stops until the user accepts the new key.
   */
  CHANGED_AFTER_VERIFICATION
}
