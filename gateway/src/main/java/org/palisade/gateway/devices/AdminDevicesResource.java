// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.palisade.gateway.problem.Problem;
import org.palisade.gateway.problem.ProblemResponses;

/** An admin revokes any user's device, e.g. when a laptop is lost or a person leaves. */
@Path("/v1/admin/users/{username}/devices/{deviceId}")
@RolesAllowed("admin")
public class AdminDevicesResource {

    private final DeviceDirectory directory;
    private final DeviceRevocation revocation;

    AdminDevicesResource(DeviceDirectory directory, DeviceRevocation revocation) {
        this.directory = directory;
        this.revocation = revocation;
    }

    /** 204; 404 for an unknown user or no live device of that id. */
    @APIResponse(responseCode = "204", description = "The device is revoked.")
    @APIResponse(responseCode = "400", description = ProblemResponses.BAD_DEVICE_ID,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = ProblemResponses.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", description = ProblemResponses.FORBIDDEN_ROLE)
    @APIResponse(responseCode = "404", description = ProblemResponses.NO_USER_OR_DEVICE,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = ProblemResponses.DEVICE_STORE_DOWN,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @DELETE
    public Response revoke(@PathParam("username") String username, @PathParam("deviceId") String deviceId) {
        int id = DeviceIds.parse(deviceId);
        revocation.revoke(directory.userIdOf(username), id);
        return Response.noContent().build();
    }
}
