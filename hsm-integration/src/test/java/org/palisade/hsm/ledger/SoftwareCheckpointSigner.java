// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.ledger;

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
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A {@link CheckpointSigner} with a software EC key, issued by a software organisation root, standing in for
 * the HSM's audit-checkpoint key. Like the real one it can record its own use in a ledger.
 */
final class SoftwareCheckpointSigner implements CheckpointSigner {

    private final X509Certificate root;
    private final X509Certificate certificate;
    private final PrivateKey key;
    private final AtomicInteger signatures = new AtomicInteger();
    private volatile CustodyLedger recordIn;

    SoftwareCheckpointSigner() {
        try {
            KeyPair rootKeys = ecKeys();
            KeyPair checkpointKeys = ecKeys();
            Instant now = Instant.now();
            X500Name rootName = new X500Name("O=Palisade Test,CN=Test Organisation Root");
            JcaX509v3CertificateBuilder rootBuilder = new JcaX509v3CertificateBuilder(rootName, BigInteger.ONE,
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), rootName,
                    rootKeys.getPublic());
            rootBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            rootBuilder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            root = sign(rootBuilder, rootKeys.getPrivate());
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(rootName, BigInteger.TWO,
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))),
                    new X500Name("O=Palisade Test,CN=audit-checkpoint"), checkpointKeys.getPublic());
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            certificate = sign(builder, rootKeys.getPrivate());
            key = checkpointKeys.getPrivate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** From now on each signature is appended to {@code ledger} first, as the custody code does with the HSM key. */
    SoftwareCheckpointSigner recordingIn(CustodyLedger ledger) {
        this.recordIn = ledger;
        return this;
    }

    @Override
    public byte[] signCheckpoint(byte[] message) {
        CustodyLedger ledger = recordIn;
        if (ledger != null) {
            ledger.append(CustodyEvent.of("audit-checkpoint", 1, Operation.SIGN, "ledger-checkpoint",
                    Principal.service("custody-ledger"), Outcome.SUCCESS, ""));
        }
        try {
            Signature signature = Signature.getInstance("SHA256withECDSA");
            signature.initSign(key);
            signature.update(message);
            signatures.incrementAndGet();
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public X509Certificate checkpointCertificate() {
        return certificate;
    }

    X509Certificate root() {
        return root;
    }

    int signatures() {
        return signatures.get();
    }

    Path writeRootPem(Path file) throws IOException, GeneralSecurityException {
        return Files.writeString(file, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(root.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
    }

    private static KeyPair ecKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, PrivateKey issuerKey) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }
}
