// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.auth;

/**
 * Where the SDK gets the access token for each gateway request and each socket (re)authentication.
 */
@FunctionalInterface
public interface TokenSource {

  /**
   * A currently valid access token; implementations may refresh it first.
   *
   * @throws LoginException when no valid token can be had (the user must log in again)
   */
  String accessToken() throws LoginException;
}
