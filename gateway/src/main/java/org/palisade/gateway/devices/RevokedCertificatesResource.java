// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The published revocation list of device certificates: clients refuse a peer whose certificate is on it. */
@Path("/v1/revoked-certificates")
@RolesAllowed("staff")
public class RevokedCertificatesResource {

    private final DeviceRevocation revocation;

    RevokedCertificatesResource(DeviceRevocation revocation) {
        this.revocation = revocation;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public RevokedCertificatesResponse revoked() {
        return new RevokedCertificatesResponse(revocation.revokedCertificates());
    }
}
