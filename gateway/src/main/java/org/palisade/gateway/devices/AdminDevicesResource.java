// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/** An admin revokes any user's device, e.g. when a laptop is lost or a person leaves. */
@Path("/v1/admin/users/{username}/devices/{deviceId}")
@RolesAllowed("admin")
public class AdminDevicesResource {

    private final DeviceDirectory directory;
    private final DeviceRevocation revocation;

    AdminDevicesResource(DeviceDirectory directory, DeviceRevocation revocation) {
        this.directory = directory;
        this.revocation = revocation;
    }

    /** 204; 404 for an unknown user or no live device of that id. */
    @DELETE
    public Response revoke(@PathParam("username") String username, @PathParam("deviceId") String deviceId) {
        int id = DeviceIds.parse(deviceId);
        revocation.revoke(directory.userIdOf(username), id);
        return Response.noContent().build();
    }
}
