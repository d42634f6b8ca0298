// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.trust;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Date;
import java.util.UUID;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A software stand-in for the organisation's HSM: a P-256 root built like {@code
 * OrganisationCertificates.root} (hsm-integration) and device certificates encoded exactly like the
 * gateway's {@code DeviceCertificateIssuer.tbs}, copied field by field, with the HSM signature replaced by
 * a JCA one. Keep in step with those two classes.
 */
public final class TestOrganisation {

  public static final X500Name ROOT_SUBJECT = new X500Name("CN=Palisade organisation root");

  // DeviceCertificateIssuer's constants
  static final ASN1ObjectIdentifier PALISADE_ARC =
      new ASN1ObjectIdentifier("2.25.119388853319942127062356757949438873733");
  static final ASN1ObjectIdentifier DEVICE_CERTIFICATE_ARC = PALISADE_ARC.branch("1");
  static final ASN1ObjectIdentifier IDENTITY_KEY_EXTENSION = DEVICE_CERTIFICATE_ARC.branch("1");
  static final ASN1ObjectIdentifier DEVICE_ID_EXTENSION = DEVICE_CERTIFICATE_ARC.branch("2");
  private static final AlgorithmIdentifier ECDSA_WITH_SHA256 =
      new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
  private static final AlgorithmIdentifier X25519 =
      new AlgorithmIdentifier(EdECObjectIdentifiers.id_X25519);
  static final Duration BACKDATE = Duration.ofMinutes(5);
  static final Duration VALIDITY = Duration.ofDays(365);

  private static final SecureRandom RANDOM = new SecureRandom();

  final KeyPair deviceCa;
  public final X509Certificate root;

  private TestOrganisation(KeyPair deviceCa, X509Certificate root) {
    this.deviceCa = deviceCa;
    this.root = root;
  }

  /** A new organisation whose root (10 years, from {@code ceremony}) has the given subject. */
  public static TestOrganisation create(X500Name subject, Instant ceremony) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair deviceCa = generator.generateKeyPair();
      Instant notBefore = ceremony.truncatedTo(ChronoUnit.SECONDS);
      Instant notAfter = notBefore.atZone(ZoneOffset.UTC).plusYears(10).toInstant();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  subject,
                  new BigInteger(1, randomBytes(16)),
                  Date.from(notBefore),
                  Date.from(notAfter),
                  subject,
                  deviceCa.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
              .addExtension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  new JcaX509ExtensionUtils().createSubjectKeyIdentifier(deviceCa.getPublic()));
      ContentSigner signer =
          new JcaContentSignerBuilder("SHA256withECDSA").build(deviceCa.getPrivate());
      X509Certificate root = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
      return new TestOrganisation(deviceCa, root);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create a test organisation", e);
    }
  }

  /** What goes into one device certificate; every field can be changed to break it in one way. */
  public static final class Device {
    UUID userId;
    String username;
    int deviceId;
    byte[] identityKey;
    Instant issuedAt;
    Duration validity = VALIDITY;
    public BigInteger serial = new BigInteger(1, randomBytes(16));
    /** The device id in the extension; the CN keeps {@link #deviceId}. */
    Integer deviceIdExtension;

    public Device(UUID userId, String username, int deviceId, byte[] identityKey, Instant issuedAt) {
      this.userId = userId;
      this.username = username;
      this.deviceId = deviceId;
      this.identityKey = identityKey;
      this.issuedAt = issuedAt;
    }
  }

  /** The DER certificate, as {@code DeviceCertificateIssuer.issue} returns it. */
  public byte[] issue(Device device) {
    try {
      TBSCertificate tbs = tbs(device);
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(deviceCa.getPrivate());
      signer.update(tbs.getEncoded(ASN1Encoding.DER));
      byte[] signature = signer.sign();
      Certificate certificate =
          Certificate.getInstance(
              new DERSequence(
                  new ASN1Encodable[] {tbs, ECDSA_WITH_SHA256, new DERBitString(signature)}));
      return certificate.getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private TBSCertificate tbs(Device device) throws IOException {
    byte[] identityKey = device.identityKey;
    Instant now = device.issuedAt;
    byte[] rawKey = Arrays.copyOfRange(identityKey, 1, identityKey.length);
    SubjectPublicKeyInfo spki = new SubjectPublicKeyInfo(X25519, rawKey);

    ExtensionsGenerator extensions = new ExtensionsGenerator();
    extensions.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    extensions.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyAgreement));
    extensions.addExtension(
        Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(sha1(rawKey)));
    byte[] rootKeyId = root.getExtensionValue(Extension.subjectKeyIdentifier.getId());
    if (rootKeyId != null) {
      byte[] keyId =
          SubjectKeyIdentifier.getInstance(DEROctetString.getInstance(rootKeyId).getOctets())
              .getKeyIdentifier();
      extensions.addExtension(
          Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(keyId));
    }
    extensions.addExtension(IDENTITY_KEY_EXTENSION, false, new DEROctetString(identityKey));
    int extensionDeviceId =
        device.deviceIdExtension == null ? device.deviceId : device.deviceIdExtension;
    extensions.addExtension(DEVICE_ID_EXTENSION, false, new ASN1Integer(extensionDeviceId));

    V3TBSCertificateGenerator generator = new V3TBSCertificateGenerator();
    generator.setSerialNumber(new ASN1Integer(device.serial));
    generator.setSignature(ECDSA_WITH_SHA256);
    generator.setIssuer(X500Name.getInstance(root.getSubjectX500Principal().getEncoded()));
    generator.setStartDate(new Time(Date.from(now.minus(BACKDATE))));
    generator.setEndDate(new Time(Date.from(now.plus(device.validity))));
    generator.setSubject(
        new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.UID, device.userId.toString())
            .addRDN(BCStyle.CN, device.username + "/" + device.deviceId)
            .build());
    generator.setSubjectPublicKeyInfo(spki);
    generator.setExtensions(extensions.generate());
    return generator.generateTBSCertificate();
  }

  private static byte[] sha1(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
