// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.attachments;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.palisade.gateway.problem.Problem;
import org.palisade.gateway.problem.ProblemType;

/** Attachment failures as RFC 9457 problems with fixed text. */
@Provider
public class AttachmentExceptionMapper implements ExceptionMapper<AttachmentException> {

    @Override
    public Response toResponse(AttachmentException e) {
        return Problem.response(problemType(e.reason()));
    }

    private static ProblemType problemType(AttachmentException.Reason reason) {
        switch (reason) {
            case EMPTY:
                return ProblemType.EMPTY_ATTACHMENT;
            case TOO_LARGE:
                return ProblemType.ATTACHMENT_TOO_LARGE;
            case INCOMPLETE:
                return ProblemType.INVALID_REQUEST;
            case NOT_FOUND:
                return ProblemType.ATTACHMENT_NOT_FOUND;
            default:
                return ProblemType.ATTACHMENT_STORE_UNAVAILABLE;
        }
    }
}
