// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.identity;

import java.util.List;

/** The caller's own identity: the token's subject, username and realm roles. */
public record MeResponse(String subject, String username, List<String> roles) {
}
