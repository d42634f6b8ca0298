// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.profile;

/** A profile could not be created or opened; the message says what to do and carries no secret. */
public final class ProfileException extends RuntimeException {

  public ProfileException(String message) {
    super(message);
  }

  public ProfileException(String message, Throwable cause) {
    super(message, cause);
  }
}
