// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.delivery;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.palisade.gateway.devices.DeviceException;
import org.palisade.gateway.devices.LiveDevices;
import org.palisade.gateway.epochs.EpochException;
import org.palisade.gateway.epochs.RoutingHash;
import org.palisade.gateway.identity.IdentityException;
import org.palisade.gateway.identity.User;
import org.palisade.gateway.identity.UserProvisioning;

/**
 * Authenticates a delivery socket from the token in its first frame, with exactly the checks a REST request
 * gets (the OIDC tenant's signature, issuer, audience and expiry checks, then the staff role), and binds the
 * socket to one of the user's live devices.
 */
@ApplicationScoped
class SocketAuthenticator {

    private static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_TOKEN_CHARS = 16 * 1024;

    private final TenantIdentityProvider identityProvider;
    private final UserProvisioning provisioning;
    private final LiveDevices liveDevices;
    private final RoutingHash routing;

    SocketAuthenticator(TenantIdentityProvider identityProvider, UserProvisioning provisioning, LiveDevices liveDevices,
                        RoutingHash routing) {
        this.identityProvider = identityProvider;
        this.provisioning = provisioning;
        this.liveDevices = liveDevices;
        this.routing = routing;
    }

    /** @throws SocketRefusedException UNAUTHENTICATED, FORBIDDEN or UNAVAILABLE */
    DeviceIdentity authenticate(String token, Integer deviceId) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            throw new SocketRefusedException(SocketRefusal.UNAUTHENTICATED);
        }
        if (deviceId == null || deviceId < 1 || deviceId > 127) {
            throw new SocketRefusedException(SocketRefusal.FORBIDDEN);
        }
        SecurityIdentity identity;
        try {
            identity = identityProvider.authenticate(new AccessTokenCredential(token)).await().atMost(VERIFY_TIMEOUT);
        } catch (AuthenticationFailedException e) {
            throw new SocketRefusedException(SocketRefusal.UNAUTHENTICATED);
        } catch (RuntimeException e) {
            // the JWKS could not be fetched, or verification timed out: not the client's fault
            throw new SocketRefusedException(e.getCause() instanceof AuthenticationFailedException
                    ? SocketRefusal.UNAUTHENTICATED : SocketRefusal.UNAVAILABLE);
        }
        if (identity == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            throw new SocketRefusedException(SocketRefusal.UNAUTHENTICATED);
        }
        if (!identity.hasRole("staff")) {
            throw new SocketRefusedException(SocketRefusal.FORBIDDEN);
        }
        try {
            User user = provisioning.provision(jwt);
            if (!liveDevices.isLive(user.id(), deviceId)) {
                throw new SocketRefusedException(SocketRefusal.FORBIDDEN);
            }
            return new DeviceIdentity(user.id(), deviceId, routing.of(user.id(), deviceId),
                    Instant.ofEpochSecond(jwt.getExpirationTime()));
        } catch (IdentityException e) {
            throw new SocketRefusedException(e.reason() == IdentityException.Reason.UNUSABLE_TOKEN
                    ? SocketRefusal.FORBIDDEN : SocketRefusal.UNAVAILABLE);
        } catch (DeviceException | EpochException e) {
            throw new SocketRefusedException(SocketRefusal.UNAVAILABLE);
        }
    }
}
