// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.palisade.gateway.problem.Problem;
import org.palisade.gateway.problem.ProblemType;

/** Device failures as RFC 9457 problems with fixed text. */
@Provider
public class DeviceExceptionMapper implements ExceptionMapper<DeviceException> {

    @Override
    public Response toResponse(DeviceException e) {
        return Problem.response(problemType(e.reason()));
    }

    private static ProblemType problemType(DeviceException.Reason reason) {
        switch (reason) {
            case INVALID_DEVICE_ID:
                return ProblemType.INVALID_DEVICE_ID;
            case MALFORMED_KEY:
                return ProblemType.MALFORMED_KEY;
            case BAD_SIGNATURE:
                return ProblemType.BAD_PREKEY_SIGNATURE;
            case DUPLICATE_KEY_ID:
                return ProblemType.DUPLICATE_KEY_ID;
            case IDENTITY_KEY_CONFLICT:
                return ProblemType.IDENTITY_KEY_CONFLICT;
            case USER_NOT_FOUND:
                return ProblemType.USER_NOT_FOUND;
            case DEVICE_NOT_FOUND:
                return ProblemType.DEVICE_NOT_FOUND;
            case TOO_MANY_PREKEYS:
                return ProblemType.TOO_MANY_PREKEYS;
            case CERTIFICATE_AUTHORITY_UNAVAILABLE:
                return ProblemType.CERTIFICATE_AUTHORITY_UNAVAILABLE;
            default:
                return ProblemType.DEVICE_STORE_UNAVAILABLE;
        }
    }
}
