// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.audit.verify;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** An organisation root and an audit-checkpoint certificate it issued, made in software for tests. */
record TestPki(X509Certificate root, KeyPair rootKeys, X509Certificate checkpointCertificate, PrivateKey checkpointKey) {

    private static final AtomicLong SERIAL = new AtomicLong(1);

    static TestPki create() {
        Instant now = Instant.now();
        return create(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)), KeyUsage.digitalSignature, true);
    }

    static TestPki create(Instant notBefore, Instant notAfter, int checkpointKeyUsage, boolean rootIsCa) {
        try {
            KeyPair rootKeys = ecKeys();
            KeyPair checkpointKeys = ecKeys();
            X500Name rootName = new X500Name("O=Palisade Test,CN=Test Organisation Root");
            JcaX509v3CertificateBuilder rootBuilder = new JcaX509v3CertificateBuilder(rootName, serial(),
                    Date.from(Instant.now().minus(Duration.ofDays(100))), Date.from(Instant.now().plus(Duration.ofDays(3650))),
                    rootName, rootKeys.getPublic());
            rootBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(rootIsCa));
            rootBuilder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(rootIsCa ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
            X509Certificate root = sign(rootBuilder, rootKeys.getPrivate());
            JcaX509v3CertificateBuilder checkpointBuilder = new JcaX509v3CertificateBuilder(rootName, serial(),
                    Date.from(notBefore), Date.from(notAfter), new X500Name("O=Palisade Test,CN=audit-checkpoint"),
                    checkpointKeys.getPublic());
            checkpointBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            checkpointBuilder.addExtension(Extension.keyUsage, true, new KeyUsage(checkpointKeyUsage));
            X509Certificate checkpoint = sign(checkpointBuilder, rootKeys.getPrivate());
            return new TestPki(root, rootKeys, checkpoint, checkpointKeys.getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    byte[] signCheckpoint(byte[] message) {
        try {
            Signature signature = Signature.getInstance("SHA256withECDSA");
            signature.initSign(checkpointKey);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    Path writeRootPem(Path file) {
        try {
            Files.writeString(file, pem(root));
            return file;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(X509Certificate certificate) throws GeneralSecurityException {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    private static KeyPair ecKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.getAndIncrement());
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, PrivateKey issuerKey) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }
}
