// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A body that is not JSON, or not JSON of the expected shape. Jackson's message quotes the input: not sent. */
@Provider
public class MalformedRequestMapper implements ExceptionMapper<JsonProcessingException> {

    @Override
    public Response toResponse(JsonProcessingException e) {
        return problem();
    }

    static Response problem() {
        return Problem.response(ProblemType.MALFORMED_REQUEST);
    }
}
