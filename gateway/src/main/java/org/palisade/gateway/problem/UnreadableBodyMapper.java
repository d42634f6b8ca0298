// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Quarkus REST wraps a body that does not parse as JSON in a 400 {@link WebApplicationException} with no
 * entity; that one becomes a problem document. Every other such exception keeps its own response.
 */
@Provider
public class UnreadableBodyMapper implements ExceptionMapper<WebApplicationException> {

    @Override
    public Response toResponse(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException) {
            return MalformedRequestMapper.problem();
        }
        return e.getResponse();
    }
}
