// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.problem;

import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A request whose fields break a declared constraint. The default report names fields and may quote values;
 * this one says only that the request is invalid.
 */
@Provider
public class InvalidRequestMapper implements ExceptionMapper<ConstraintViolationException> {

    @Override
    public Response toResponse(ConstraintViolationException e) {
        return Problem.response(ProblemType.INVALID_REQUEST);
    }
}
