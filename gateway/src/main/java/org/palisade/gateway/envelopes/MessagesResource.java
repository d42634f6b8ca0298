// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.envelopes;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.palisade.gateway.devices.DeviceIds;
import org.palisade.gateway.identity.User;
import org.palisade.gateway.identity.UserProvisioning;
import org.palisade.gateway.problem.Problem;
import org.palisade.gateway.problem.ProblemResponses;

/** Envelope submission by one of the caller's live devices. */
@Path("/v1/devices/{deviceId}/messages")
@RolesAllowed("staff")
public class MessagesResource {

    private final JsonWebToken token;
    private final UserProvisioning provisioning;
    private final EnvelopeSubmission submission;

    MessagesResource(JsonWebToken token, UserProvisioning provisioning, EnvelopeSubmission submission) {
        this.token = token;
        this.provisioning = provisioning;
        this.submission = submission;
    }

    @APIResponse(responseCode = "200", description = "Every envelope is accepted and in Kafka: ids in request order.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubmitResponse.class)))
    @APIResponse(responseCode = "400", description = ProblemResponses.BAD_SUBMISSION,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = ProblemResponses.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", description = ProblemResponses.FORBIDDEN_STAFF,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = ProblemResponses.NO_SENDER_OR_RECIPIENT,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = ProblemResponses.STALE_DEVICES,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = DeviceListProblem.class)))
    @APIResponse(responseCode = "413", description = ProblemResponses.TOO_LARGE,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = ProblemResponses.TOO_MANY_REQUESTS,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = ProblemResponses.SUBMISSION_UNAVAILABLE,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public SubmitResponse submit(@PathParam("deviceId") String deviceId, SubmitRequest request) {
        int id = DeviceIds.parse(deviceId);
        User sender = provisioning.provision(token);
        return submission.submit(sender, id, request);
    }
}
