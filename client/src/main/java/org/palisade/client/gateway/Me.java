// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.gateway;

import java.util.List;

/**
 * The caller as the gateway knows it ({@code GET /v1/me}).
 *
 * @param subject the stable SSO user id (the token's {@code sub})
 * @param roles the caller's realm roles, sorted
 */
public record Me(String subject, String username, List<String> roles) {

  public Me {
    roles = roles == null ? List.of() : List.copyOf(roles);
  }
}
