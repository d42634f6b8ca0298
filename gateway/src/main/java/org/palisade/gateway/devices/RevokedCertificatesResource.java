// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.palisade.gateway.problem.Problem;
import org.palisade.gateway.problem.ProblemResponses;

/** The published revocation list of device certificates: clients refuse a peer whose certificate is on it. */
@Path("/v1/revoked-certificates")
@RolesAllowed("staff")
public class RevokedCertificatesResource {

    private final DeviceRevocation revocation;

    RevokedCertificatesResource(DeviceRevocation revocation) {
        this.revocation = revocation;
    }

    @APIResponse(responseCode = "200", description = "Every revoked device certificate.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RevokedCertificatesResponse.class)))
    @APIResponse(responseCode = "401", description = ProblemResponses.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", description = ProblemResponses.FORBIDDEN_ROLE)
    @APIResponse(responseCode = "503", description = ProblemResponses.DEVICE_STORE_DOWN,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public RevokedCertificatesResponse revoked() {
        return new RevokedCertificatesResponse(revocation.revokedCertificates());
    }
}
