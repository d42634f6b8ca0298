// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.messaging;

/**
 * A message was not sent, and why: a recipient device that is not certified by the organisation, a contact
 * whose verified safety number changed, a device list that kept changing, or a refusal by the gateway.
 * Nothing was sent to anyone when this is thrown.
 */
public class SendRefusedException extends Exception {

  public SendRefusedException(String message) {
    super(message);
  }

  public SendRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
