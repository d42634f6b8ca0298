// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.identity;

import java.util.Objects;
import java.util.UUID;

/** A member of staff as the gateway knows them: the SSO subject, username and display name. */
public record User(UUID id, String username, String displayName) {

    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(username, "username");
    }
}
