// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.envelopes;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.palisade.gateway.problem.Problem;
import org.palisade.gateway.problem.ProblemType;

/** Refused submissions as RFC 9457 problems with fixed text; a stale device list carries the current lists. */
@Provider
public class EnvelopeExceptionMapper implements ExceptionMapper<EnvelopeException> {

    private final EnvelopeMetrics metrics;

    EnvelopeExceptionMapper(EnvelopeMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public Response toResponse(EnvelopeException e) {
        metrics.refused(e.reason());
        ProblemType type = problemType(e.reason());
        if (e.reason() == EnvelopeException.Reason.STALE_DEVICE_LIST) {
            return Response.status(type.status()).type(Problem.MEDIA_TYPE)
                    .entity(new DeviceListProblem(type.uri(), type.title(), type.status(), type.detail(), e.mismatches()))
                    .build();
        }
        Response response = Problem.response(type);
        if (e.reason() == EnvelopeException.Reason.RATE_LIMITED) {
            return Response.fromResponse(response).header("Retry-After", "1").build();
        }
        return response;
    }

    static ProblemType problemType(EnvelopeException.Reason reason) {
        return switch (reason) {
            case INVALID_ENVELOPES -> ProblemType.INVALID_REQUEST;
            case MALFORMED_CONTENT -> ProblemType.MALFORMED_CONTENT;
            case TOO_LARGE -> ProblemType.ENVELOPE_TOO_LARGE;
            case DUPLICATE_DESTINATION -> ProblemType.DUPLICATE_DESTINATION;
            case UNKNOWN_RECIPIENT -> ProblemType.UNKNOWN_RECIPIENT;
            case SENDER_DEVICE_NOT_FOUND -> ProblemType.DEVICE_NOT_FOUND;
            case STALE_DEVICE_LIST -> ProblemType.STALE_DEVICE_LIST;
            case RATE_LIMITED -> ProblemType.RATE_LIMITED;
            case UNAVAILABLE -> ProblemType.DELIVERY_UNAVAILABLE;
        };
    }
}
