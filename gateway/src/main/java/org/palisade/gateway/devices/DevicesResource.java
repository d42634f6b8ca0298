// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Base64;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.palisade.gateway.identity.User;
import org.palisade.gateway.identity.UserProvisioning;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.palisade.gateway.problem.Problem;
import org.palisade.gateway.problem.ProblemResponses;

/** The caller's own devices: register one (and get its organisation certificate), list them, revoke one. */
@Path("/v1/devices")
@RolesAllowed("staff")
public class DevicesResource {

    private final JsonWebToken token;
    private final UserProvisioning provisioning;
    private final DeviceRegistration registration;
    private final DeviceRevocation revocation;

    DevicesResource(JsonWebToken token, UserProvisioning provisioning, DeviceRegistration registration,
                    DeviceRevocation revocation) {
        this.token = token;
        this.provisioning = provisioning;
        this.registration = registration;
        this.revocation = revocation;
    }

    /**
     * Registers device {@code deviceId} (1..127) of the caller: 201 with its certificate, or 200 when a live
     * device re-registers with the same identity key (fresh prekeys, the same certificate); 409 if the device id is live
     * with another identity key.
     */
    @APIResponse(responseCode = "200", description = "A live device re-registered with the same identity key: fresh prekeys, the same certificate.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RegisterDeviceResponse.class)))
    @APIResponse(responseCode = "201", description = "The device is registered; the body holds its organisation certificate.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RegisterDeviceResponse.class)))
    @APIResponse(responseCode = "400", description = ProblemResponses.BAD_REGISTRATION,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = ProblemResponses.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", description = ProblemResponses.FORBIDDEN_STAFF,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = ProblemResponses.CONFLICT,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = ProblemResponses.REGISTRATION_UNAVAILABLE,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @PUT
    @Path("/{deviceId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response register(@PathParam("deviceId") String deviceId, @NotNull @Valid RegisterDeviceRequest request) {
        int id = DeviceIds.parse(deviceId);
        User user = provisioning.provision(token);
        RegisteredDevice registered = registration.register(user, id, request);
        return Response.status(registered.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(new RegisterDeviceResponse(registered.deviceId(),
                        Base64.getEncoder().encodeToString(registered.certificate())))
                .build();
    }

    /**
     * Revokes one of the caller's live devices: its certificate goes on the revocation list and its remaining
     * prekeys are deleted. 404 if the caller has no live device of that id.
     */
    @APIResponse(responseCode = "204", description = "The device is revoked: its certificate is on the revocation list, its prekeys are gone.")
    @APIResponse(responseCode = "400", description = ProblemResponses.BAD_DEVICE_ID,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = ProblemResponses.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", description = ProblemResponses.FORBIDDEN_STAFF,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = ProblemResponses.NO_DEVICE,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = ProblemResponses.STORES_DOWN,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @DELETE
    @Path("/{deviceId}")
    public Response revoke(@PathParam("deviceId") String deviceId) {
        int id = DeviceIds.parse(deviceId);
        User user = provisioning.provision(token);
        revocation.revoke(user.id(), id);
        return Response.noContent().build();
    }

    @APIResponse(responseCode = "200", description = "The caller's devices, live and revoked.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DevicesResponse.class)))
    @APIResponse(responseCode = "401", description = ProblemResponses.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", description = ProblemResponses.FORBIDDEN_STAFF,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = ProblemResponses.STORES_DOWN,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public DevicesResponse list() {
        User user = provisioning.provision(token);
        return new DevicesResponse(registration.devicesOf(user).stream()
                .map(d -> new DeviceResponse(d.deviceId(), d.registrationId(), d.created(), d.revokedAt(),
                        Base64.getEncoder().encodeToString(d.certificate())))
                .toList());
    }
}
