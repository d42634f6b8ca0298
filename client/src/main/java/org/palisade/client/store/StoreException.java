// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.store;

import java.util.Objects;

/**
 * The local store could not do what was asked. Unchecked, because it also has to travel through
 * libsignal's store interfaces, which declare no exceptions; libsignal hands it back to the caller of
 * the cipher unchanged.
 *
 * <p>Messages are fixed texts: no passphrase, key, namespace, record name or value ever appears in
 * them.
 */
public final class StoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why the store failed; the host app decides from this what to tell the user. */
  public enum Reason {
    /** The passphrase or host key does not open this store. Nothing was read. */
    WRONG_KEY,
    /** The store files are unreadable, incomplete or do not belong together. */
    CORRUPT,
    /**
     * A record failed authentication: its sealed value was altered, or moved to another row or
     * namespace.
     */
    TAMPERED,
    /** There is no store in the directory. */
    NOT_FOUND,
    /** {@code create} was asked for a directory that already holds a store. */
    ALREADY_EXISTS,
    /** Another process (or another open {@link ClientStore}) has the store open. */
    IN_USE,
    /** The store was written by a newer SDK. */
    UNSUPPORTED_VERSION,
    /** Reading or writing the files failed (disk full, permissions, I/O error). */
    IO,
    /** The store has been closed. */
    CLOSED
  }

  private final Reason reason;

  StoreException(Reason reason, String message) {
    this(reason, message, null);
  }

  StoreException(Reason reason, String message, Throwable cause) {
    super(message + " (" + reason + ")", cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
