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
 * Keycloak's JWKS, issuer, audience {@code gateway}, expiry) and the {@code staff} role; the first call
 * provisions the user.
 */
@Path("/v1/me")
public class MeResource {

    private final SecurityIdentity identity;
    private final JsonWebToken token;
    private final UserProvisioning provisioning;

    MeResource(SecurityIdentity identity, JsonWebToken token, UserProvisioning provisioning) {
        this.identity = identity;
        this.token = token;
        this.provisioning = provisioning;
    }

    @GET
    @RolesAllowed("staff")
    @Produces(MediaType.APPLICATION_JSON)
    public MeResponse me() {
        User user = provisioning.provision(token);
        return new MeResponse(user.id().toString(), user.username(), identity.getRoles().stream().sorted().toList());
    }
}
