// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.trust;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.palisade.client.trust.UntrustedDeviceException.Reason;
import org.signal.libsignal.protocol.IdentityKey;

/**
 * Checks a peer device's certificate before the first message to it: the organisation, through the
 * pinned root, must vouch that the bundle's identity key belongs to that device of that user.
 *
 * <p>The certificate is the one the gateway's {@code DeviceCertificateIssuer} builds (see {@code
 * docs/device-certificates.md}): issuer the root's subject; subject {@code UID=<user id>,
 * CN=<username>/<device id>}; an X25519 SubjectPublicKeyInfo with the raw 32-byte identity key; the
 * non-critical extensions {@link #IDENTITY_KEY_EXTENSION} (OCTET STRING, libsignal's serialized identity
 * key, {@code 0x05} and 32 bytes) and {@link #DEVICE_ID_EXTENSION} (INTEGER); basicConstraints CA:FALSE
 * and keyUsage keyAgreement; signed ecdsa-with-SHA256 by the root's key.
 *
 * <p>The checks, in order, each with its {@link Reason}: the bytes are one DER certificate ({@code
 * MALFORMED}); issuer, algorithm and signature are the pinned root's ({@code BAD_SIGNATURE}); the layout
 * is the one above and internally consistent ({@code MALFORMED}); root and certificate are valid at the
 * clock's instant ({@code NOT_YET_VALID}, {@code EXPIRED}); the serial number is not revoked ({@code
 * REVOKED}); the subject binds the expected user ({@code WRONG_USER}); the device-id extension is the
 * expected device ({@code WRONG_DEVICE}); the identity-key extension equals the bundle's key ({@code
 * KEY_MISMATCH}). The chain is one link, so it is checked by hand rather than by PKIX.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class DeviceCertificateVerifier {

  /**
   * The provisional Palisade OID arc, {@code 2.25.<uuid>} (ITU-T X.667); it may move to an IANA enterprise
   * arc before 1.0.
   */
  public static final String PALISADE_ARC = "2.25.119388853319942127062356757949438873733";

  /** Extension holding libsignal's serialized identity key as an OCTET STRING. */
  public static final String IDENTITY_KEY_EXTENSION = PALISADE_ARC + ".1.1";

  /** Extension holding the device id as an INTEGER. */
  public static final String DEVICE_ID_EXTENSION = PALISADE_ARC + ".1.2";

  private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
  private static final Set<String> UNDERSTOOD_CRITICAL =
      Set.of("2.5.29.15", "2.5.29.19", IDENTITY_KEY_EXTENSION, DEVICE_ID_EXTENSION);
  private static final int KEY_AGREEMENT = 4;
  private static final int MIN_DEVICE_ID = 1;
  private static final int MAX_DEVICE_ID = 127;
  private static final int IDENTITY_KEY_LENGTH = 33;
  private static final byte DJB_TYPE = 0x05;
  private static final Pattern DEVICE_ID_TEXT = Pattern.compile("[1-9][0-9]{0,2}");

  private final X509Certificate root;
  private final Clock clock;

  /**
   * @param pinnedRoot the organisation root, for example from {@link PinnedRoot#load}
   * @throws IllegalArgumentException when the certificate cannot be the organisation root (not a
   *     self-signed CA with an EC P-256 key)
   */
  public DeviceCertificateVerifier(X509Certificate pinnedRoot, Clock clock) {
    PinnedRoot.requireUsable(pinnedRoot);
    this.root = pinnedRoot;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Verifies the certificate of device {@code expectedDeviceId} of the user the bundle was fetched for by
   * username ({@code GET /v1/users/{username}/devices}). The returned device carries the user's stable id
   * from the certificate, which safety numbers need.
   *
   * @param certificateDer the bundle's certificate, base64-decoded
   * @param expectedUsername exactly as the certificate's CN spells it (the gateway's username)
   * @param expectedIdentityKey the bundle's identity key, base64-decoded: libsignal's serialized form
   * @param revoked the current revocation list
   * @throws UntrustedDeviceException when the device must not be trusted
   */
  public VerifiedDevice verify(
      byte[] certificateDer,
      String expectedUsername,
      int expectedDeviceId,
      byte[] expectedIdentityKey,
      RevocationList revoked)
      throws UntrustedDeviceException {
    Objects.requireNonNull(expectedUsername, "expectedUsername");
    return verify(certificateDer, null, expectedUsername, expectedDeviceId, expectedIdentityKey, revoked);
  }

  /**
   * Verifies the certificate of device {@code expectedDeviceId} of the user with this stable id (the
   * subject's UID, the identity provider's {@code sub}), for example a contact already known.
   *
   * @see #verify(byte[], String, int, byte[], RevocationList)
   */
  public VerifiedDevice verify(
      byte[] certificateDer,
      UUID expectedUserId,
      int expectedDeviceId,
      byte[] expectedIdentityKey,
      RevocationList revoked)
      throws UntrustedDeviceException {
    Objects.requireNonNull(expectedUserId, "expectedUserId");
    return verify(certificateDer, expectedUserId, null, expectedDeviceId, expectedIdentityKey, revoked);
  }

  private VerifiedDevice verify(
      byte[] certificateDer,
      UUID expectedUserId,
      String expectedUsername,
      int expectedDeviceId,
      byte[] expectedIdentityKey,
      RevocationList revoked)
      throws UntrustedDeviceException {
    Objects.requireNonNull(certificateDer, "certificateDer");
    Objects.requireNonNull(expectedIdentityKey, "expectedIdentityKey");
    Objects.requireNonNull(revoked, "revoked");

    X509Certificate certificate = parse(certificateDer);
    checkSignature(certificate);
    Contents contents = contents(certificate, certificateDer);
    checkValidity(clock.instant(), certificate);

    BigInteger serial = certificate.getSerialNumber();
    if (revoked.isRevoked(serial)) {
      throw new UntrustedDeviceException(
          Reason.REVOKED, "the certificate's serial number is on the organisation's revocation list");
    }
    if (expectedUserId != null && !expectedUserId.equals(contents.userId())) {
      throw new UntrustedDeviceException(
          Reason.WRONG_USER, "the certificate binds another user id than the expected one");
    }
    if (expectedUsername != null && !expectedUsername.equals(contents.username())) {
      throw new UntrustedDeviceException(
          Reason.WRONG_USER, "the certificate binds another username than the expected one");
    }
    if (contents.deviceId() != expectedDeviceId) {
      throw new UntrustedDeviceException(
          Reason.WRONG_DEVICE, "the certificate binds another device id than the bundle's");
    }
    if (!MessageDigest.isEqual(contents.identityKey(), expectedIdentityKey)) {
      throw new UntrustedDeviceException(
          Reason.KEY_MISMATCH, "the certificate vouches for another identity key than the bundle's");
    }
    IdentityKey identityKey;
    try {
      identityKey = new IdentityKey(contents.identityKey());
    } catch (org.signal.libsignal.protocol.InvalidKeyException e) {
      throw new UntrustedDeviceException(
          Reason.MALFORMED, "the certified identity key is not a valid libsignal key", e);
    }
    return new VerifiedDevice(
        contents.userId(),
        contents.username(),
        contents.deviceId(),
        identityKey,
        serial.toString(16),
        certificate.getNotAfter().toInstant());
  }

  private record Contents(UUID userId, String username, int deviceId, byte[] identityKey) {}

  private static X509Certificate parse(byte[] der) throws UntrustedDeviceException {
    X509Certificate certificate;
    try {
      certificate =
          (X509Certificate)
              CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
      // one DER certificate and nothing else: not PEM text, no trailing bytes
      if (!Arrays.equals(certificate.getEncoded(), der)) {
        throw new UntrustedDeviceException(
            Reason.MALFORMED, "the bytes are not exactly one DER certificate");
      }
    } catch (CertificateException | IllegalArgumentException | ClassCastException e) {
      throw new UntrustedDeviceException(Reason.MALFORMED, "the bytes are not an X.509 certificate", e);
    }
    return certificate;
  }

  private void checkSignature(X509Certificate certificate) throws UntrustedDeviceException {
    if (!certificate.getIssuerX500Principal().equals(root.getSubjectX500Principal())) {
      throw new UntrustedDeviceException(
          Reason.BAD_SIGNATURE, "the certificate was not issued by the pinned organisation root");
    }
    if (!ECDSA_WITH_SHA256.equals(certificate.getSigAlgOID())) {
      throw new UntrustedDeviceException(
          Reason.BAD_SIGNATURE, "the certificate is not signed with ecdsa-with-SHA256 as the root signs");
    }
    boolean valid;
    try {
      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(root.getPublicKey());
      verifier.update(certificate.getTBSCertificate());
      valid = verifier.verify(certificate.getSignature());
    } catch (SignatureException | CertificateException e) {
      valid = false;
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("the pinned root's key cannot verify ECDSA signatures", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks SHA256withECDSA", e);
    }
    if (!valid) {
      throw new UntrustedDeviceException(
          Reason.BAD_SIGNATURE,
          "the certificate's signature does not verify with the pinned organisation root's key");
    }
  }

  /** The layout, after the signature: a malformed certificate here was signed by the organisation. */
  private static Contents contents(X509Certificate certificate, byte[] der)
      throws UntrustedDeviceException {
    if (certificate.getVersion() != 3) {
      throw malformed("it is not an X.509 version 3 certificate");
    }
    Set<String> critical =
        certificate.getCriticalExtensionOIDs() == null
            ? new HashSet<>()
            : new HashSet<>(certificate.getCriticalExtensionOIDs());
    critical.removeAll(UNDERSTOOD_CRITICAL);
    if (!critical.isEmpty()) {
      throw malformed("it has a critical extension this client does not know");
    }
    if (certificate.getBasicConstraints() != -1) {
      throw malformed("it is a CA certificate");
    }
    boolean[] usage = certificate.getKeyUsage();
    if (usage == null || usage.length <= KEY_AGREEMENT || !usage[KEY_AGREEMENT]) {
      throw malformed("it is not for key agreement (key usage)");
    }

    byte[] identityKey = octetStringExtension(certificate);
    if (identityKey.length != IDENTITY_KEY_LENGTH || identityKey[0] != DJB_TYPE) {
      throw malformed("the identity-key extension is not a serialized Curve25519 identity key");
    }
    int deviceId = deviceIdExtension(certificate);
    checkPublicKey(der, identityKey);

    X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    String uid = attribute(subject, BCStyle.UID, "UID");
    String cn = attribute(subject, BCStyle.CN, "CN");
    UUID userId;
    try {
      userId = UUID.fromString(uid);
    } catch (IllegalArgumentException e) {
      throw malformed("the subject's UID is not a user id");
    }
    if (!userId.toString().equals(uid.toLowerCase(Locale.ROOT))) {
      throw malformed("the subject's UID is not a user id");
    }
    int slash = cn.lastIndexOf('/');
    if (slash <= 0
        || !DEVICE_ID_TEXT.matcher(cn.substring(slash + 1)).matches()
        || Integer.parseInt(cn.substring(slash + 1)) != deviceId) {
      throw malformed("the subject's CN is not <username>/<the device id of the extension>");
    }
    return new Contents(userId, cn.substring(0, slash), deviceId, identityKey);
  }

  private static byte[] octetStringExtension(X509Certificate certificate)
      throws UntrustedDeviceException {
    ASN1Primitive value = extension(certificate, IDENTITY_KEY_EXTENSION, "identity-key");
    if (!(value instanceof ASN1OctetString octets)) {
      throw malformed("the identity-key extension is not an OCTET STRING");
    }
    return octets.getOctets();
  }

  private static int deviceIdExtension(X509Certificate certificate) throws UntrustedDeviceException {
    ASN1Primitive value = extension(certificate, DEVICE_ID_EXTENSION, "device-id");
    if (!(value instanceof ASN1Integer integer)) {
      throw malformed("the device-id extension is not an INTEGER");
    }
    BigInteger id = integer.getValue();
    if (id.compareTo(BigInteger.valueOf(MIN_DEVICE_ID)) < 0
        || id.compareTo(BigInteger.valueOf(MAX_DEVICE_ID)) > 0) {
      throw malformed("the device-id extension is outside 1..127");
    }
    return id.intValueExact();
  }

  /** The value inside an extension's extnValue OCTET STRING, as one DER element. */
  private static ASN1Primitive extension(X509Certificate certificate, String oid, String name)
      throws UntrustedDeviceException {
    byte[] extnValue = certificate.getExtensionValue(oid);
    if (extnValue == null) {
      throw malformed("it has no " + name + " extension");
    }
    try {
      return ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(extnValue).getOctets());
    } catch (IOException | IllegalArgumentException e) {
      throw malformed("the " + name + " extension is not DER");
    }
  }

  private static void checkPublicKey(byte[] der, byte[] identityKey) throws UntrustedDeviceException {
    SubjectPublicKeyInfo spki;
    try {
      spki = org.bouncycastle.asn1.x509.Certificate.getInstance(der).getSubjectPublicKeyInfo();
    } catch (IllegalArgumentException e) {
      throw malformed("its public key cannot be read");
    }
    if (!EdECObjectIdentifiers.id_X25519.equals(spki.getAlgorithm().getAlgorithm())
        || spki.getAlgorithm().getParameters() != null) {
      throw malformed("its public key is not X25519");
    }
    byte[] raw = spki.getPublicKeyData().getOctets();
    if (spki.getPublicKeyData().getPadBits() != 0
        || !MessageDigest.isEqual(raw, Arrays.copyOfRange(identityKey, 1, identityKey.length))) {
      throw malformed("its public key is not the key of its identity-key extension");
    }
  }

  private static String attribute(X500Name subject, ASN1ObjectIdentifier type, String name)
      throws UntrustedDeviceException {
    String found = null;
    for (RDN rdn : subject.getRDNs()) {
      for (var typeAndValue : rdn.getTypesAndValues()) {
        if (!type.equals(typeAndValue.getType())) {
          continue;
        }
        ASN1Encodable value = typeAndValue.getValue();
        if (found != null || !(value instanceof ASN1String text)) {
          throw malformed("the subject does not have exactly one " + name + " string");
        }
        found = text.getString();
      }
    }
    if (found == null) {
      throw malformed("the subject has no " + name);
    }
    return found;
  }

  private void checkValidity(Instant now, X509Certificate certificate)
      throws UntrustedDeviceException {
    if (now.isBefore(root.getNotBefore().toInstant())) {
      throw new UntrustedDeviceException(
          Reason.NOT_YET_VALID, "the pinned organisation root is not valid yet (check the clock)");
    }
    if (now.isAfter(root.getNotAfter().toInstant())) {
      throw new UntrustedDeviceException(Reason.EXPIRED, "the pinned organisation root has expired");
    }
    if (now.isBefore(certificate.getNotBefore().toInstant())) {
      throw new UntrustedDeviceException(
          Reason.NOT_YET_VALID, "the certificate is not valid yet (check the clock)");
    }
    if (now.isAfter(certificate.getNotAfter().toInstant())) {
      throw new UntrustedDeviceException(Reason.EXPIRED, "the certificate has expired");
    }
  }

  private static UntrustedDeviceException malformed(String detail) {
    return new UntrustedDeviceException(Reason.MALFORMED, "the certificate is malformed: " + detail);
  }
}
