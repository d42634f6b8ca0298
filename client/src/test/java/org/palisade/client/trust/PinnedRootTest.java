// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.signal.libsignal.protocol.IdentityKeyPair;

class PinnedRootTest {

  @TempDir Path dir;

  private final TestOrganisation organisation =
      TestOrganisation.create(TestOrganisation.ROOT_SUBJECT, Instant.now());

  @Test
  void loadsTheExportedRoot() throws Exception {
    Path file = write("org-root.pem", pem(organisation.root.getEncoded()));

    assertThat(PinnedRoot.load(file)).isEqualTo(organisation.root);
  }

  @Test
  void refusesAFileWithMoreThanOneCertificate() throws Exception {
    TestOrganisation other = TestOrganisation.create(TestOrganisation.ROOT_SUBJECT, Instant.now());
    Path file =
        write("two.pem", pem(organisation.root.getEncoded()) + pem(other.root.getEncoded()));

    assertThatThrownBy(() -> PinnedRoot.load(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("2 certificates");
  }

  @Test
  void refusesWhatIsNotACertificate() throws Exception {
    Path file = write("junk.pem", "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");

    assertThatThrownBy(() -> PinnedRoot.load(file)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> PinnedRoot.load(dir.resolve("missing.pem"))).isInstanceOf(IOException.class);
  }

  @Test
  void refusesADeviceCertificate() throws Exception {
    TestOrganisation.Device device =
        new TestOrganisation.Device(
            UUID.randomUUID(),
            "bob",
            1,
            IdentityKeyPair.generate().getPublicKey().serialize(),
            Instant.now());
    Path file = write("device.pem", pem(organisation.issue(device)));

    assertThatThrownBy(() -> PinnedRoot.load(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a CA");
  }

  @Test
  void refusesARootWithAnotherCurve() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp384r1"));
    KeyPair keys = generator.generateKeyPair();
    X500Name name = new X500Name("CN=P-384 root");
    X509Certificate root =
        new JcaX509CertificateConverter()
            .getCertificate(
                new JcaX509v3CertificateBuilder(
                        name,
                        BigInteger.ONE,
                        new Date(),
                        new Date(System.currentTimeMillis() + 86_400_000L),
                        name,
                        keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .build(new JcaContentSignerBuilder("SHA384withECDSA").build(keys.getPrivate())));
    Path file = write("p384.pem", pem(root.getEncoded()));

    assertThatThrownBy(() -> PinnedRoot.load(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("P-256");
  }

  @Test
  void theDefaultLocationIsInPalisadeHome() {
    assertThat(PinnedRoot.defaultLocation(Map.of("PALISADE_HOME", "/srv/palisade")))
        .isEqualTo(Path.of("/srv/palisade/org-root.pem"));
    assertThat(PinnedRoot.defaultLocation(Map.of())).isEqualTo(Path.of(".palisade/org-root.pem"));
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.US_ASCII);
  }

  private static String pem(byte[] der) {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END CERTIFICATE-----\n";
  }
}
