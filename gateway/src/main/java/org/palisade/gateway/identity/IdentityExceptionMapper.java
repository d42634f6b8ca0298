// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.identity;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.palisade.gateway.problem.Problem;

/** Identity failures as RFC 9457 problems with fixed text. */
@Provider
public class IdentityExceptionMapper implements ExceptionMapper<IdentityException> {

    @Override
    public Response toResponse(IdentityException e) {
        if (e.reason() == IdentityException.Reason.UNUSABLE_TOKEN) {
            return Problem.response(403, "unusable-token", "Token not usable",
                    "The token does not identify a member of staff.");
        }
        return Problem.response(503, "identity-unavailable", "Identity store unavailable",
                "The gateway cannot reach its user store; try again later.");
    }
}
