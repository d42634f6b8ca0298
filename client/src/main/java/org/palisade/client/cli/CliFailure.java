// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.cli;

/** A command could not be carried out; the message is fixed text that is safe to print. */
final class CliFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  CliFailure(String fixedMessage, Throwable cause) {
    super(fixedMessage, cause);
  }
}
