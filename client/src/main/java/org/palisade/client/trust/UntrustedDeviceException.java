// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.trust;

import java.util.Objects;

/**
 * A peer device's certificate was refused: do not send it anything, and do not accept its identity key.
 * The message names the reason in fixed text; it never carries key bytes, user ids or usernames.
 */
public final class UntrustedDeviceException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why the device is not trusted. */
  public enum Reason {
    /** Not signed by the pinned organisation root (another issuer, another key or another algorithm). */
    BAD_SIGNATURE,
    /** The certificate (or the pinned root) is past its validity period. */
    EXPIRED,
    /** The certificate (or the pinned root) is not valid yet; often a clock that runs behind. */
    NOT_YET_VALID,
    /** The certificate binds another user than the one asked for. */
    WRONG_USER,
    /** The certificate binds another device id than the bundle's. */
    WRONG_DEVICE,
    /** The certificate vouches for another identity key than the bundle's. */
    KEY_MISMATCH,
    /** The certificate's serial number is on the organisation's revocation list. */
    REVOKED,
    /** The bytes are not a Palisade device certificate. */
    MALFORMED
  }

  private final Reason reason;

  public UntrustedDeviceException(Reason reason, String detail) {
    this(reason, detail, null);
  }

  UntrustedDeviceException(Reason reason, String detail, Throwable cause) {
    super("untrusted device certificate (" + reason + "): " + detail, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
