// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.palisade.gateway.custody.OrganisationCustody;
import org.palisade.hsm.token.TokenStatus;

/** The organisation's HSM token is present, logged in, answering, and holds every organisation key. */
@Readiness
@ApplicationScoped
public class HsmReadinessCheck implements HealthCheck {

    private final OrganisationCustody custody;

    HsmReadinessCheck(OrganisationCustody custody) {
        this.custody = custody;
    }

    @Override
    public HealthCheckResponse call() {
        TokenStatus status = custody.status();
        return HealthCheckResponse.named("hsm").status(status.up()).withData("reason", status.reason()).build();
    }
}
