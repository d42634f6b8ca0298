// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.trust;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The organisation root certificate that clients pin: the self-signed certificate of the HSM's {@code
 * device-ca} key (ECDSA P-256), which signs every device certificate. {@code ./palisade up} exports it to
 * {@code $PALISADE_HOME/org-root.pem} ({@code ./palisade keys export-root FILE} writes it anywhere).
 */
public final class PinnedRoot {

  /** The file name {@code ./palisade up} exports the root to, in {@code $PALISADE_HOME}. */
  public static final String FILE_NAME = "org-root.pem";

  private static final int KEY_CERT_SIGN = 5;

  private PinnedRoot() {}

  /**
   * Reads the root from a PEM (or DER) file holding exactly one certificate and checks that it can be the
   * organisation root: a self-signed CA certificate with an EC P-256 key.
   *
   * @throws IOException when the file cannot be read or does not hold such a certificate
   */
  public static X509Certificate load(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    byte[] content = Files.readAllBytes(file);
    Collection<? extends Certificate> certificates;
    try {
      certificates =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(content));
    } catch (CertificateException e) {
      throw new IOException(file + " does not hold an X.509 certificate", e);
    }
    if (certificates.size() != 1) {
      throw new IOException(
          file + " holds " + certificates.size() + " certificates; give the organisation root alone");
    }
    Certificate certificate = certificates.iterator().next();
    if (!(certificate instanceof X509Certificate root)) {
      throw new IOException(file + " does not hold an X.509 certificate");
    }
    try {
      requireUsable(root);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
    return root;
  }

  /**
   * Where {@code ./palisade up} exports the root: {@code $PALISADE_HOME/org-root.pem}, with {@code
   * PALISADE_HOME} defaulting to {@code .palisade} as in the {@code palisade} script (run from the
   * repository).
   */
  public static Path defaultLocation(Map<String, String> environment) {
    String home = environment.get("PALISADE_HOME");
    return Path.of(home == null || home.isBlank() ? ".palisade" : home).resolve(FILE_NAME);
  }

  /**
   * Checks that a certificate can be the organisation root.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  static void requireUsable(X509Certificate root) {
    Objects.requireNonNull(root, "root");
    if (root.getBasicConstraints() < 0) {
      throw new IllegalArgumentException(
          "the organisation root is not a CA certificate (basic constraints)");
    }
    boolean[] usage = root.getKeyUsage();
    if (usage != null && !(usage.length > KEY_CERT_SIGN && usage[KEY_CERT_SIGN])) {
      throw new IllegalArgumentException("the organisation root may not sign certificates (key usage)");
    }
    AlgorithmIdentifier algorithm =
        SubjectPublicKeyInfo.getInstance(root.getPublicKey().getEncoded()).getAlgorithm();
    ASN1Encodable curve = algorithm.getParameters();
    if (!X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm())
        || !X9ObjectIdentifiers.prime256v1.equals(curve)) {
      throw new IllegalArgumentException("the organisation root's key is not an EC P-256 key");
    }
    if (!root.getIssuerX500Principal().equals(root.getSubjectX500Principal())) {
      throw new IllegalArgumentException("the organisation root is not self-issued");
    }
    try {
      root.verify(root.getPublicKey());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the organisation root's self-signature does not verify", e);
    }
  }
}
