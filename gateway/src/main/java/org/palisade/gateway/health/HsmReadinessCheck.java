// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.palisade.gateway.hsm.OrganisationToken;
import org.palisade.hsm.token.TokenStatus;

/** The organisation's HSM token is present, logged in and answering. */
@Readiness
@ApplicationScoped
public class HsmReadinessCheck implements HealthCheck {

    private final OrganisationToken token;

    HsmReadinessCheck(OrganisationToken token) {
        this.token = token;
    }

    @Override
    public HealthCheckResponse call() {
        TokenStatus status = token.status();
        return HealthCheckResponse.named("hsm").status(status.up()).withData("reason", status.reason()).build();
    }
}
