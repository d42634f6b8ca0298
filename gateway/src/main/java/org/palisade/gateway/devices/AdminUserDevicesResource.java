// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.palisade.gateway.problem.Problem;
import org.palisade.gateway.problem.ProblemResponses;

/**
 * An admin revokes all of a user's devices at once, e.g. when the person leaves or an account is compromised:
 * their certificates go on the revocation list and their open connections close. Disabling the user in the SSO
 * stops new tokens; this stops the devices now, without waiting for the current tokens to expire.
 */
@Path("/v1/admin/users/{username}/devices")
@RolesAllowed("admin")
public class AdminUserDevicesResource {

    /** The device ids that were live and are now revoked; empty if the user had none. */
    public record RevokedDevicesResponse(List<Integer> revokedDevices) {
    }

    private final DeviceDirectory directory;
    private final DeviceRevocation revocation;

    AdminUserDevicesResource(DeviceDirectory directory, DeviceRevocation revocation) {
        this.directory = directory;
        this.revocation = revocation;
    }

    @APIResponse(responseCode = "200", description = "Every live device of the user is revoked; the body lists them.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RevokedDevicesResponse.class)))
    @APIResponse(responseCode = "401", description = ProblemResponses.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", description = ProblemResponses.FORBIDDEN_ROLE)
    @APIResponse(responseCode = "404", description = ProblemResponses.NO_USER,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = ProblemResponses.DEVICE_STORE_DOWN,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @DELETE
    @Produces(MediaType.APPLICATION_JSON)
    public RevokedDevicesResponse revokeAll(@PathParam("username") String username) {
        return new RevokedDevicesResponse(revocation.revokeAll(directory.userIdOf(username)));
    }
}
