// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.URL;
import org.junit.jupiter.api.Test;

/**
 * The security-relevant HTTP settings as the packaged application resolves them in the prod profile,
 * which no @QuarkusTest exercises (tests run in the test profile, over plain HTTP).
 */
class ProductionHttpSettingsTest {

  private static SmallRyeConfig profile(String profile) throws IOException {
    URL properties = ProductionHttpSettingsTest.class.getClassLoader().getResource("application.properties");
    assertThat(properties).isNotNull();
    // only the file: environment variables of the machine running the build must not mask it
    return new SmallRyeConfigBuilder()
        .withProfile(profile)
        .withSources(new PropertiesConfigSource(properties))
        .build();
  }

  @Test
  void prodServesHttpsOnly() throws Exception {
    assertThat(profile("prod").getRawValue("quarkus.http.insecure-requests")).isEqualTo("disabled");
  }

  @Test
  void onlyDevAndTestAllowPlainHttp() throws Exception {
    assertThat(profile("dev").getRawValue("quarkus.http.insecure-requests")).isEqualTo("enabled");
    assertThat(profile("test").getRawValue("quarkus.http.insecure-requests")).isEqualTo("enabled");
  }

  @Test
  void prodHasNoCertificateInTheFile() throws Exception {
    // the launcher passes the certificate at run time; a path or key here would ship with the jar
    SmallRyeConfig prod = profile("prod");
    assertThat(prod.getRawValue("quarkus.http.ssl.certificate.files")).isNull();
    assertThat(prod.getRawValue("quarkus.http.ssl.certificate.key-files")).isNull();
  }

  @Test
  void noProfileWritesAnAccessLogOrStartsDevServices() throws Exception {
    for (String profile : new String[] {"prod", "dev", "test"}) {
      SmallRyeConfig config = profile(profile);
      assertThat(config.getRawValue("quarkus.http.access-log.enabled")).as(profile).isEqualTo("false");
      assertThat(config.getRawValue("quarkus.devservices.enabled")).as(profile).isEqualTo("false");
    }
  }
}
