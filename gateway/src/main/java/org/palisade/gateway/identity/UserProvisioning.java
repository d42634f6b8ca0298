// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.identity;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Turns a token the gateway has verified into a {@link User}, adding the user to the store on first use. The
 * claims used are the subject ({@code sub}, a UUID in Keycloak), {@code preferred_username} and {@code name}.
 */
@ApplicationScoped
public class UserProvisioning {

    private static final int MAX_CLAIM_LENGTH = 255;

    private final UserStore users;

    UserProvisioning(UserStore users) {
        this.users = users;
    }

    public User provision(JsonWebToken token) {
        User user = fromClaims(token);
        users.addIfAbsent(user);
        return user;
    }

    static User fromClaims(JsonWebToken token) {
        UUID id;
        try {
            id = UUID.fromString(String.valueOf(token.getSubject()));
        } catch (IllegalArgumentException e) {
            throw new IdentityException(IdentityException.Reason.UNUSABLE_TOKEN, null);
        }
        String username = token.getClaim("preferred_username");
        if (username == null || username.isBlank() || username.length() > MAX_CLAIM_LENGTH) {
            throw new IdentityException(IdentityException.Reason.UNUSABLE_TOKEN, null);
        }
        String name = token.getClaim("name");
        if (name != null && (name.isBlank() || name.length() > MAX_CLAIM_LENGTH)) {
            name = null;
        }
        return new User(id, username, name);
    }
}
