// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.messaging;

/**
 * An envelope that could not be read: tampered, replayed, truncated, misaddressed, from an untrusted device, or
 * of an unknown kind. It is reported and dropped; the session it arrived on is not changed.
 */
public class UnreadableMessageException extends RuntimeException {

  public UnreadableMessageException(String message) {
    super(message);
  }

  public UnreadableMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
