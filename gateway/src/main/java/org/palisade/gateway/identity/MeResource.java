// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.identity;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who the caller is, as the gateway established it from a token it verified itself (signature against
 * Keycloak's JWKS, issuer, audience {@code gateway}, expiry) and the {@code staff} role.
 */
@Path("/v1/me")
public class MeResource {

    private final SecurityIdentity identity;
    private final JsonWebToken token;

    MeResource(SecurityIdentity identity, JsonWebToken token) {
        this.identity = identity;
        this.token = token;
    }

    @GET
    @RolesAllowed("staff")
    @Produces(MediaType.APPLICATION_JSON)
    public MeResponse me() {
        return new MeResponse(token.getSubject(), token.getClaim("preferred_username"),
                identity.getRoles().stream().sorted().toList());
    }
}
