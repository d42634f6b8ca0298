// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.palisade.gateway.identity.UserProvisioning;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.palisade.gateway.problem.Problem;
import org.palisade.gateway.problem.ProblemResponses;

/**
 * Another user's devices, for a sender: each live device with its certificate and a prekey bundle. Every call
 * consumes one one-time prekey of each kind per device while they last.
 */
@Path("/v1/users/{username}/devices")
@RolesAllowed("staff")
public class DeviceBundlesResource {

    private final JsonWebToken token;
    private final UserProvisioning provisioning;
    private final DeviceDirectory directory;

    DeviceBundlesResource(JsonWebToken token, UserProvisioning provisioning, DeviceDirectory directory) {
        this.token = token;
        this.provisioning = provisioning;
        this.directory = directory;
    }

    /** 200 with the live devices (an empty list when the user has none); 404 for a user the gateway does not know. */
    @APIResponse(responseCode = "200", description = "The user's live devices with a prekey bundle each; an empty list when there are none.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UserDevicesResponse.class)))
    @APIResponse(responseCode = "401", description = ProblemResponses.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", description = ProblemResponses.FORBIDDEN_STAFF,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = ProblemResponses.NO_USER,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = ProblemResponses.STORES_DOWN,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public UserDevicesResponse devices(@PathParam("username") String username) {
        provisioning.provision(token);
        return new UserDevicesResponse(directory.bundlesOf(username).stream().map(DeviceBundleResponse::of).toList());
    }

    /** 200 with the live devices' certificates, no prekeys claimed; 404 for a user the gateway does not know. */
    @APIResponse(responseCode = "200", description = "The user's live devices with their certificates; no prekey is used up.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CertifiedDevicesResponse.class)))
    @APIResponse(responseCode = "401", description = ProblemResponses.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", description = ProblemResponses.FORBIDDEN_STAFF,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = ProblemResponses.NO_USER,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = ProblemResponses.STORES_DOWN,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @GET
    @Path("/certificates")
    @Produces(MediaType.APPLICATION_JSON)
    public CertifiedDevicesResponse certificates(@PathParam("username") String username) {
        provisioning.provision(token);
        return new CertifiedDevicesResponse(directory.certifiedDevicesOf(username).stream()
                .map(CertifiedDeviceResponse::of).toList());
    }
}
