// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.palisade.gateway.identity.User;
import org.palisade.gateway.identity.UserProvisioning;

/** The prekeys of one of the caller's own live devices; another user's or a revoked device is 404. */
@Path("/v1/devices/{deviceId}/prekeys")
@RolesAllowed("staff")
public class PreKeysResource {

    private final JsonWebToken token;
    private final UserProvisioning provisioning;
    private final DevicePreKeys preKeys;

    PreKeysResource(JsonWebToken token, UserProvisioning provisioning, DevicePreKeys preKeys) {
        this.token = token;
        this.provisioning = provisioning;
        this.preKeys = preKeys;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public PreKeyCountResponse counts(@PathParam("deviceId") String deviceId) {
        int id = DeviceIds.parse(deviceId);
        User user = provisioning.provision(token);
        return preKeys.counts(user.id(), id);
    }

    /** Adds one-time prekeys and rotates the signed or last-resort prekey if given; 200 with the new counts. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public PreKeyCountResponse set(@PathParam("deviceId") String deviceId, @NotNull @Valid SetPreKeysRequest request) {
        int id = DeviceIds.parse(deviceId);
        User user = provisioning.provision(token);
        return preKeys.set(user.id(), id, request);
    }
}
