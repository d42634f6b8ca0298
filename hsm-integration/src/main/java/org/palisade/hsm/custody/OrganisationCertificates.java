// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.custody;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.ProviderException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.RuntimeOperatorException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.palisade.hsm.custody.CustodyException.Reason;

/**
 * The organisation's two certificates, signed inside the token by {@code device-ca}: the self-signed root that
 * clients pin, and the audit-checkpoint certificate it issues, so that an auditor holding only the root can
 * trust checkpoint signatures. Both are valid for {@value #VALIDITY_YEARS} years from the ceremony.
 */
final class OrganisationCertificates {

    static final X500Name ROOT_SUBJECT = new X500Name("CN=Palisade organisation root");
    static final X500Name CHECKPOINT_SUBJECT = new X500Name("CN=Palisade audit checkpoint");
    static final int VALIDITY_YEARS = 10;
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    // RFC 5280 allows 20 octets; 16 random octets, kept positive, leave no room for guessing the next serial
    private static final int SERIAL_BYTES = 16;

    private final Provider token;
    private final SecureRandom random;

    OrganisationCertificates(Provider token, SecureRandom random) {
        this.token = token;
        this.random = random;
    }

    X509Certificate root(KeyPair deviceCa, Instant now) {
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = builder(ROOT_SUBJECT, ROOT_SUBJECT, deviceCa.getPublic(), now)
                    // path length 0: the root issues only end-entity certificates (devices, checkpoint)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(deviceCa.getPublic()));
            return sign(builder, deviceCa.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new CustodyException(Reason.HSM_FAILURE, SigningKey.DEVICE_CA.alias(), e);
        }
    }

    X509Certificate checkpoint(PublicKey checkpointKey, PrivateKey deviceCaKey, X509Certificate root, Instant now) {
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X500Name issuer = X500Name.getInstance(root.getSubjectX500Principal().getEncoded());
            X509v3CertificateBuilder builder = builder(issuer, CHECKPOINT_SUBJECT, checkpointKey, now)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(checkpointKey))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(root));
            return sign(builder, deviceCaKey);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new CustodyException(Reason.HSM_FAILURE, SigningKey.AUDIT_CHECKPOINT.alias(), e);
        }
    }

    private X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key, Instant now) {
        Instant notBefore = now.truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = notBefore.atZone(ZoneOffset.UTC).plusYears(VALIDITY_YEARS).toInstant();
        byte[] serial = new byte[SERIAL_BYTES];
        random.nextBytes(serial);
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(1, serial), Date.from(notBefore),
                Date.from(notAfter), subject, key);
    }

    private X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
            throws GeneralSecurityException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).setProvider(token).build(issuerKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException | RuntimeOperatorException | ProviderException e) {
            throw new GeneralSecurityException("signing inside the token failed", e);
        }
    }
}
