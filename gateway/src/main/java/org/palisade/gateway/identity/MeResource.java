// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.identity;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.palisade.gateway.problem.Problem;
import org.palisade.gateway.problem.ProblemResponses;

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

    @APIResponse(responseCode = "200", description = "The caller as the gateway knows it; the first call provisions the user.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MeResponse.class)))
    @APIResponse(responseCode = "401", description = ProblemResponses.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", description = ProblemResponses.FORBIDDEN_STAFF,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = ProblemResponses.IDENTITY_STORE_DOWN,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @GET
    @RolesAllowed("staff")
    @Produces(MediaType.APPLICATION_JSON)
    public MeResponse me() {
        User user = provisioning.provision(token);
        return new MeResponse(user.id().toString(), user.username(), identity.getRoles().stream().sorted().toList());
    }
}
