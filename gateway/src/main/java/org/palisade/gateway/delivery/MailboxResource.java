// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.delivery;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.palisade.gateway.devices.DeviceException;
import org.palisade.gateway.devices.DeviceIds;
import org.palisade.gateway.devices.LiveDevices;
import org.palisade.gateway.envelopes.EnvelopeException;
import org.palisade.gateway.epochs.EpochException;
import org.palisade.gateway.epochs.RoutingHash;
import org.palisade.gateway.identity.User;
import org.palisade.gateway.identity.UserProvisioning;
import org.palisade.gateway.problem.Problem;
import org.palisade.gateway.problem.ProblemResponses;
import org.palisade.gateway.problem.ProblemType;

/**
 * The mailbox of one of the caller's live devices over plain HTTPS, for clients that poll instead of holding a
 * socket: fetch what waits, acknowledge by id. Same envelopes, same order, same at-least-once rule.
 */
@Path("/v1/devices/{deviceId}/mailbox")
@RolesAllowed("staff")
public class MailboxResource {

    private static final int MAX_LIMIT = EnvelopePusher.BATCH;

    private final JsonWebToken token;
    private final UserProvisioning provisioning;
    private final LiveDevices liveDevices;
    private final RoutingHash routing;
    private final EnvelopePusher pusher;
    private final MailboxStore mailbox;

    MailboxResource(JsonWebToken token, UserProvisioning provisioning, LiveDevices liveDevices, RoutingHash routing,
                    EnvelopePusher pusher, MailboxStore mailbox) {
        this.token = token;
        this.provisioning = provisioning;
        this.liveDevices = liveDevices;
        this.routing = routing;
        this.pusher = pusher;
        this.mailbox = mailbox;
    }

    @APIResponse(responseCode = "200", description = "Up to limit (1 to 100, default 100) waiting envelopes, oldest first.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MailboxResponse.class)))
    @APIResponse(responseCode = "400", description = ProblemResponses.BAD_DEVICE_ID,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = ProblemResponses.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", description = ProblemResponses.FORBIDDEN_STAFF,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = ProblemResponses.NO_DEVICE,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = ProblemResponses.MAILBOX_UNAVAILABLE,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public MailboxResponse fetch(@PathParam("deviceId") String deviceId, @QueryParam("limit") @DefaultValue("100") int limit) {
        DeviceIdentity device = device(deviceId);
        try {
            return new MailboxResponse(pusher.fetch(device, Math.max(1, Math.min(limit, MAX_LIMIT))));
        } catch (SQLException | EpochException e) {
            throw new EnvelopeException(EnvelopeException.Reason.UNAVAILABLE, e);
        }
    }

    @APIResponse(responseCode = "204", description = "The envelope is acknowledged and deleted.")
    @APIResponse(responseCode = "400", description = ProblemResponses.BAD_DEVICE_ID,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = ProblemResponses.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", description = ProblemResponses.FORBIDDEN_STAFF,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = ProblemResponses.NO_ENVELOPE,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = ProblemResponses.MAILBOX_UNAVAILABLE,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @DELETE
    @Path("/{envelopeId}")
    public Response acknowledge(@PathParam("deviceId") String deviceId, @PathParam("envelopeId") String envelopeId) {
        DeviceIdentity device = device(deviceId);
        UUID id;
        try {
            id = UUID.fromString(envelopeId);
        } catch (IllegalArgumentException e) {
            return Problem.response(ProblemType.ENVELOPE_NOT_FOUND);
        }
        try {
            return mailbox.acknowledge(device.recipient(), id) ? Response.noContent().build()
                    : Problem.response(ProblemType.ENVELOPE_NOT_FOUND);
        } catch (SQLException e) {
            throw new EnvelopeException(EnvelopeException.Reason.UNAVAILABLE, e);
        }
    }

    private DeviceIdentity device(String deviceId) {
        int id = DeviceIds.parse(deviceId);
        User user = provisioning.provision(token);
        if (!liveDevices.isLive(user.id(), id)) {
            throw new DeviceException(DeviceException.Reason.DEVICE_NOT_FOUND);
        }
        try {
            return new DeviceIdentity(user.id(), id, routing.of(user.id(), id), null);
        } catch (EpochException e) {
            throw new EnvelopeException(EnvelopeException.Reason.UNAVAILABLE, e);
        }
    }
}
