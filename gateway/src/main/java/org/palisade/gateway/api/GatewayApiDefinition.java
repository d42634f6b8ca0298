// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.api;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The head of the OpenAPI document at {@code /q/openapi}. The version comes from the build
 * ({@code quarkus.smallrye-openapi.info-version}); every endpoint needs a bearer token from the company SSO.
 * SmallRye reads the definition only from a JAX-RS {@link Application}; this one adds no path and, returning no
 * classes, leaves every resource discovered as before.
 */
@OpenAPIDefinition(
        info = @Info(title = "Palisade gateway", version = "unversioned",
                description = "Enterprise secure-messaging gateway. Errors are RFC 9457 problem documents "
                        + "(application/problem+json) whose type is a urn:palisade:problem:<slug> URN.",
                license = @License(name = "AGPL-3.0-only", identifier = "AGPL-3.0-only")),
        security = @SecurityRequirement(name = GatewayApiDefinition.BEARER))
@SecurityScheme(securitySchemeName = GatewayApiDefinition.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        bearerFormat = "JWT",
        description = "An access token issued by the company SSO (OpenID Connect) with audience gateway; the gateway "
                + "verifies its signature, issuer, audience and expiry itself.")
public class GatewayApiDefinition extends Application {

    public static final String BEARER = "bearer";
}
