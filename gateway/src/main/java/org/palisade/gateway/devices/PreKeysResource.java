// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.palisade.gateway.identity.User;
import org.palisade.gateway.identity.UserProvisioning;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.palisade.gateway.problem.Problem;
import org.palisade.gateway.problem.ProblemResponses;

/** The prekeys of one of the caller's own live devices; another user's or a revoked device is 404. */
@Path("/v1/devices/{deviceId}/prekeys")
@RolesAllowed("staff")
public class PreKeysResource {

    private final JsonWebToken token;
    private final UserProvisioning provisioning;
    private final DevicePreKeys preKeys;

    PreKeysResource(JsonWebToken token, UserProvisioning provisioning, DevicePreKeys preKeys) {
        this.token = token;
        this.provisioning = provisioning;
        this.preKeys = preKeys;
    }

    @APIResponse(responseCode = "200", description = "How many one-time prekeys of each kind the device still holds.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PreKeyCountResponse.class)))
    @APIResponse(responseCode = "400", description = ProblemResponses.BAD_DEVICE_ID,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = ProblemResponses.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", description = ProblemResponses.FORBIDDEN_STAFF,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = ProblemResponses.NO_DEVICE,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = ProblemResponses.STORES_DOWN,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public PreKeyCountResponse counts(@PathParam("deviceId") String deviceId) {
        int id = DeviceIds.parse(deviceId);
        User user = provisioning.provision(token);
        return preKeys.counts(user.id(), id);
    }

    /** Adds one-time prekeys and rotates the signed or last-resort prekey if given; 200 with the new counts. */
    @APIResponse(responseCode = "200", description = "The prekeys are stored; the body holds the new counts.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PreKeyCountResponse.class)))
    @APIResponse(responseCode = "400", description = ProblemResponses.BAD_PREKEYS,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = ProblemResponses.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", description = ProblemResponses.FORBIDDEN_STAFF,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = ProblemResponses.NO_DEVICE,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = ProblemResponses.STORES_DOWN,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public PreKeyCountResponse set(@PathParam("deviceId") String deviceId, @NotNull @Valid SetPreKeysRequest request) {
        int id = DeviceIds.parse(deviceId);
        User user = provisioning.provision(token);
        return preKeys.set(user.id(), id, request);
    }
}
