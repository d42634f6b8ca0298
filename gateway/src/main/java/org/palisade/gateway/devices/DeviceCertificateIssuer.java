// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.devices;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
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
import org.palisade.gateway.custody.OrganisationCustody;
import org.palisade.gateway.identity.User;
import org.palisade.hsm.custody.CustodyException;
import org.palisade.hsm.custody.KeyCustody;
import org.palisade.hsm.custody.SigningKey;
import org.palisade.hsm.ledger.Principal;
import org.palisade.hsm.token.HsmException;

/**
 * Issues the X.509 certificate by which the organisation vouches that a libsignal identity key belongs to a
 * user's device. The {@code device-ca} key signs it inside the HSM, and the signing is recorded in the custody
 * ledger under the purpose {@value #PURPOSE}.
 *
 * <p>The certificate's layout:
 * <ul>
 *   <li>issuer: the organisation root's subject; subject {@code CN=<username>/<device id>, UID=<user uuid>};
 *   <li>SubjectPublicKeyInfo: X25519 (OID 1.3.101.110) with the raw 32-byte Curve25519 identity key, so
 *       {@code openssl x509 -text} shows "X25519 Public-Key". libsignal uses this key for XEdDSA signatures as
 *       well as agreement; X.509 has no algorithm for that, and X25519 is the closest honest label;
 *   <li>non-critical extension {@link #IDENTITY_KEY_EXTENSION}: an OCTET STRING holding libsignal's serialized
 *       identity key (0x05 and the 32 bytes), the form clients compare;
 *   <li>non-critical extension {@link #DEVICE_ID_EXTENSION}: an INTEGER, the device id 1..127;
 *   <li>basicConstraints CA:FALSE (critical), keyUsage keyAgreement (critical), authority and subject key ids.
 * </ul>
 *
 * <p>The two private extensions live under {@link #PALISADE_ARC}, a UUID OID (ITU-T X.667, {@code 2.25.<uuid>})
 * that needs no registration. The arc is <b>provisional</b>: it may be replaced by an IANA enterprise number
 * before 1.0, and clients should accept both then.
 */
@ApplicationScoped
public class DeviceCertificateIssuer {

    /** Ledger purpose of a device certificate signature. */
    public static final String PURPOSE = "device-certificate";
    /** Provisional Palisade OID arc: 2.25 and the UUID 59d174ee-73c9-4ce8-a904-718dc0b1d085 as an integer. */
    public static final ASN1ObjectIdentifier PALISADE_ARC = new ASN1ObjectIdentifier("2.25.119388853319942127062356757949438873733");
    /** Device certificate extensions under the arc ({@code .1}). */
    static final ASN1ObjectIdentifier DEVICE_CERTIFICATE_ARC = PALISADE_ARC.branch("1");
    /** libsignal's serialized identity key, as an OCTET STRING. */
    public static final ASN1ObjectIdentifier IDENTITY_KEY_EXTENSION = DEVICE_CERTIFICATE_ARC.branch("1");
    /** The device id, as an INTEGER. */
    public static final ASN1ObjectIdentifier DEVICE_ID_EXTENSION = DEVICE_CERTIFICATE_ARC.branch("2");

    private static final AlgorithmIdentifier ECDSA_WITH_SHA256 = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
    private static final AlgorithmIdentifier X25519 = new AlgorithmIdentifier(EdECObjectIdentifiers.id_X25519);
    private static final byte DJB_TYPE = 0x05;
    /** Allowance for clients whose clocks run a little behind. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);
    private static final Principal GATEWAY = Principal.service("gateway");

    private final OrganisationCustody organisation;
    private final DevicesConfig config;
    private final Clock clock;
    private final SecureRandom random;

    DeviceCertificateIssuer(OrganisationCustody organisation, DevicesConfig config, Clock clock, SecureRandom random) {
        this.organisation = organisation;
        this.config = config;
        this.clock = clock;
        this.random = random;
    }

    /**
     * @param identityKey libsignal's serialized identity key (33 bytes), already parsed by libsignal
     * @return the DER certificate
     * @throws DeviceException CERTIFICATE_AUTHORITY_UNAVAILABLE if the HSM or the ledger cannot sign
     */
    public byte[] issue(User user, int deviceId, byte[] identityKey) {
        if (identityKey.length != 33 || identityKey[0] != DJB_TYPE) {
            throw new DeviceException(DeviceException.Reason.MALFORMED_KEY);
        }
        try {
            KeyCustody custody = organisation.custody();
            X509Certificate root = custody.rootCertificate();
            TBSCertificate tbs = tbs(root, user, deviceId, identityKey);
            byte[] signature = custody.sign(SigningKey.DEVICE_CA, PURPOSE, tbs.getEncoded(ASN1Encoding.DER), GATEWAY);
            Certificate certificate = Certificate.getInstance(new DERSequence(new ASN1Encodable[] {
                    tbs, ECDSA_WITH_SHA256, new DERBitString(signature)}));
            return certificate.getEncoded(ASN1Encoding.DER);
        } catch (CustodyException | HsmException | IOException e) {
            throw new DeviceException(DeviceException.Reason.CERTIFICATE_AUTHORITY_UNAVAILABLE, e);
        }
    }

    private TBSCertificate tbs(X509Certificate root, User user, int deviceId, byte[] identityKey) throws IOException {
        Instant now = clock.instant();
        byte[] serial = new byte[16];
        random.nextBytes(serial);
        byte[] rawKey = Arrays.copyOfRange(identityKey, 1, identityKey.length);
        SubjectPublicKeyInfo spki = new SubjectPublicKeyInfo(X25519, rawKey);

        ExtensionsGenerator extensions = new ExtensionsGenerator();
        extensions.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        extensions.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyAgreement));
        extensions.addExtension(Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(sha1(rawKey)));
        byte[] rootKeyId = root.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (rootKeyId != null) {
            byte[] keyId = SubjectKeyIdentifier.getInstance(DEROctetString.getInstance(rootKeyId).getOctets()).getKeyIdentifier();
            extensions.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(keyId));
        }
        extensions.addExtension(IDENTITY_KEY_EXTENSION, false, new DEROctetString(identityKey));
        extensions.addExtension(DEVICE_ID_EXTENSION, false, new ASN1Integer(deviceId));

        V3TBSCertificateGenerator generator = new V3TBSCertificateGenerator();
        generator.setSerialNumber(new ASN1Integer(new BigInteger(1, serial)));
        generator.setSignature(ECDSA_WITH_SHA256);
        generator.setIssuer(X500Name.getInstance(root.getSubjectX500Principal().getEncoded()));
        generator.setStartDate(new Time(Date.from(now.minus(BACKDATE))));
        generator.setEndDate(new Time(Date.from(now.plus(config.certificateValidity()))));
        generator.setSubject(subject(user, deviceId));
        generator.setSubjectPublicKeyInfo(spki);
        generator.setExtensions(extensions.generate());
        return generator.generateTBSCertificate();
    }

    private static X500Name subject(User user, int deviceId) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.UID, user.id().toString())
                .addRDN(BCStyle.CN, user.username() + "/" + deviceId)
                .build();
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-1", e);
        }
    }
}
