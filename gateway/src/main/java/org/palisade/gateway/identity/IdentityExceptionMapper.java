// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.identity;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.palisade.gateway.problem.Problem;
import org.palisade.gateway.problem.ProblemType;

/** Identity failures as RFC 9457 problems with fixed text. */
@Provider
public class IdentityExceptionMapper implements ExceptionMapper<IdentityException> {

    @Override
    public Response toResponse(IdentityException e) {
        if (e.reason() == IdentityException.Reason.UNUSABLE_TOKEN) {
            return Problem.response(ProblemType.UNUSABLE_TOKEN);
        }
        return Problem.response(ProblemType.IDENTITY_UNAVAILABLE);
    }
}
