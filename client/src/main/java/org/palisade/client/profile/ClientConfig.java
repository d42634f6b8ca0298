// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.profile;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where a client finds its organisation: the gateway, the SSO issuer, the CA that signs their TLS certificates
 * (null for the JDK's default trust) and the pinned organisation root that certifies devices. From the
 * environment: {@code PALISADE_GATEWAY_URL}, {@code PALISADE_OIDC_ISSUER}, {@code PALISADE_CA_FILE},
 * {@code PALISADE_ORG_ROOT} ({@code ./palisade cli} sets all four for the local stack).
 */
public record ClientConfig(URI gateway, URI issuer, Path caFile, Path orgRoot) {

  public ClientConfig {
    Objects.requireNonNull(gateway, "gateway");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(orgRoot, "orgRoot");
  }

  /** @throws ProfileException naming the first variable that is missing */
  public static ClientConfig fromEnvironment(Map<String, String> env) {
    return new ClientConfig(URI.create(required(env, "PALISADE_GATEWAY_URL")),
        URI.create(required(env, "PALISADE_OIDC_ISSUER")),
        env.get("PALISADE_CA_FILE") == null ? null : Path.of(env.get("PALISADE_CA_FILE")),
        Path.of(required(env, "PALISADE_ORG_ROOT")));
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new ProfileException(name + " is not set (./palisade cli sets it for the local stack)");
    }
    return value;
  }
}
