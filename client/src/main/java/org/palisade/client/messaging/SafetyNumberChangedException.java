// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.messaging;

/**
 * Sending stopped because a contact the user had verified now presents another identity key: nothing was
 * sent until the user compares safety numbers again and accepts the new key.
 */
public final class SafetyNumberChangedException extends SendRefusedException {

  public SafetyNumberChangedException(String username, Throwable cause) {
    super(username + "'s safety number changed since you verified it: compare it again (safety-number "
        + username + ") and accept the new key (verify " + username + ") to send", cause);
  }
}
