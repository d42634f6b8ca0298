// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.attachments;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.palisade.gateway.problem.Problem;
import org.palisade.gateway.problem.ProblemResponses;

/**
 * Attachments: a client uploads a blob it has encrypted end to end and gets an opaque id; recipients download
 * it by that id.
 *
 * <p><b>Who may download:</b> any member of staff who presents the id. The id is a capability: a random
 * version-4 UUID (122 random bits) that clients pass only inside end-to-end encrypted messages, so holding it
 * is the proof of being a recipient. The gateway records neither the uploader nor the recipients (it could not
 * know the recipients anyway), and a wrong or guessed id is indistinguishable from an expired one: 404.
 *
 * <p>The gateway stores only what it received, which is the client's ciphertext, sealed once more under the
 * current retention epoch's key; the rows of an epoch are deleted when its retention has passed
 * ({@link AttachmentRetentionJob}), and a download after that point is 404 even before the deletion ran.
 */
@Path("/v1/attachments")
@RolesAllowed("staff")
public class AttachmentsResource {

    private final Attachments attachments;

    AttachmentsResource(Attachments attachments) {
        this.attachments = attachments;
    }

    @RequestBody(required = true, description = "The blob, encrypted by the client; at most "
            + "palisade.attachments.max-size bytes (default 32 MiB).",
            content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM,
                    schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "201", description = "The attachment is stored; Location names it, the body holds "
            + "its id, size and when it expires.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AttachmentResponse.class)))
    @APIResponse(responseCode = "400", description = ProblemResponses.BAD_ATTACHMENT,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = ProblemResponses.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", description = ProblemResponses.FORBIDDEN_ROLE)
    @APIResponse(responseCode = "413", description = ProblemResponses.OVERSIZED_ATTACHMENT,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = ProblemResponses.ATTACHMENT_STORE_DOWN,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @POST
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @Produces(MediaType.APPLICATION_JSON)
    public Response upload(InputStream body, @Context HttpHeaders headers) {
        Attachments.Stored stored = attachments.upload(body, declaredLength(headers));
        return Response.created(URI.create("/v1/attachments/" + stored.id()))
                .entity(new AttachmentResponse(stored.id(), stored.size(), stored.expires()))
                .build();
    }

    @APIResponse(responseCode = "200", description = "The bytes exactly as uploaded.",
            content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM,
                    schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "401", description = ProblemResponses.UNAUTHENTICATED)
    @APIResponse(responseCode = "403", description = ProblemResponses.FORBIDDEN_ROLE)
    @APIResponse(responseCode = "404", description = ProblemResponses.NO_ATTACHMENT,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = ProblemResponses.ATTACHMENT_STORE_DOWN,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response download(@PathParam("id") String id) {
        return Response.ok(attachments.download(id), MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }

    /** The Content-Length, or -1 when there is none (chunked) or it is not a number. */
    private static long declaredLength(HttpHeaders headers) {
        String value = headers.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
