// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.safety;

import java.util.Objects;

/**
 * The scanned bytes could not be compared at all. This is not a mismatch: the user should be told to
 * rescan or to update, not that the conversation may be intercepted.
 */
public final class UnreadableSafetyNumberException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why the scanned code could not be compared. */
  public enum Reason {
    /** The peer's client encodes safety numbers in another version of the format. */
    OTHER_VERSION,
    /** The bytes are not a scannable safety number. */
    MALFORMED
  }

  private final Reason reason;

  UnreadableSafetyNumberException(Reason reason, Throwable cause) {
    // fixed text: the scanned bytes and libsignal's message stay out of it
    super("scanned safety number is unreadable: " + reason, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
