// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.problem;

import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 9457 problem document. Every field is fixed text chosen by the gateway: input, exception messages and
 * class names never reach a client.
 *
 * @param type a URN naming the problem, {@code urn:palisade:problem:<slug>}
 */
@Schema(name = "Problem", description = "An RFC 9457 problem document; type is a urn:palisade:problem:<slug> URN.")
public record Problem(String type, String title, int status, String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Response response(ProblemType type) {
        return Response.status(type.status()).type(MEDIA_TYPE).entity(type.problem()).build();
    }
}
