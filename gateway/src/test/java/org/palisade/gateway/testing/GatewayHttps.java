// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.testing;

import static io.restassured.RestAssured.given;

import io.restassured.config.RestAssuredConfig;
import io.restassured.config.SSLConfig;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import org.palisade.deploy.testing.TestInfrastructure;

/** Requests to the gateway under test over HTTPS, trusting only the test stack's CA (no relaxed validation). */
public final class GatewayHttps {

    private GatewayHttps() {
    }

    public static RequestSpecification request(URL base) {
        return given().baseUri(base.toString()).config(RestAssuredConfig.config()
                .sslConfig(SSLConfig.sslConfig().trustStore(caTrustStore())));
    }

    private static KeyStore caTrustStore() {
        try (InputStream in = Files.newInputStream(TestInfrastructure.get().certificateAuthority().caCertificate())) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("palisade-test-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            return trust;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the test stack's CA certificate", e);
        }
    }
}
