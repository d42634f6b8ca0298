// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.palisade.gateway.problem.Problem;

/** Device failures as RFC 9457 problems with fixed text. */
@Provider
public class DeviceExceptionMapper implements ExceptionMapper<DeviceException> {

    @Override
    public Response toResponse(DeviceException e) {
        switch (e.reason()) {
            case INVALID_DEVICE_ID:
                return Problem.response(400, "invalid-device-id", "Invalid device id", "Device ids are 1 to 127.");
            case MALFORMED_KEY:
                return Problem.response(400, "malformed-key", "Malformed key",
                        "A key or signature is not valid base64 or not a valid libsignal key.");
            case BAD_SIGNATURE:
                return Problem.response(400, "bad-prekey-signature", "Bad prekey signature",
                        "A prekey signature does not verify under the identity key.");
            case DUPLICATE_KEY_ID:
                return Problem.response(400, "duplicate-key-id", "Duplicate key id", "A prekey id appears more than once.");
            case IDENTITY_KEY_CONFLICT:
                return Problem.response(409, "identity-key-conflict", "Device registered with another identity key",
                        "This device id is registered with a different identity key; revoke the device first.");
            case USER_NOT_FOUND:
                return Problem.response(404, "user-not-found", "User not found", "No such user is known to the gateway.");
            case DEVICE_NOT_FOUND:
                return Problem.response(404, "device-not-found", "Device not found", "No such live device.");
            case TOO_MANY_PREKEYS:
                return Problem.response(400, "too-many-prekeys", "Too many prekeys",
                        "The device would hold more one-time prekeys than allowed.");
            case CERTIFICATE_AUTHORITY_UNAVAILABLE:
                return Problem.response(503, "certificate-authority-unavailable", "Certificate authority unavailable",
                        "The device certificate cannot be issued now; try again later.");
            default:
                return Problem.response(503, "device-store-unavailable", "Device store unavailable",
                        "The gateway cannot reach its device store; try again later.");
        }
    }
}
