// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.deploy.tls;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.palisade.deploy.stack.SecretFiles;

/**
 * The local stack's own certificate authority, generated at first start: one CA and one server certificate
 * for {@code localhost} / {@code 127.0.0.1} that every server of the stack presents (gateway, admin console,
 * Keycloak, Kafka, PostgreSQL), so every link is TLS. Clients and curl trust {@link #caCertificate()}.
 * The CA key is only kept to let a later version issue more certificates; it never leaves this directory.
 */
public final class LocalCertificateAuthority {

    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration SERVER_VALIDITY = Duration.ofDays(825);

    private final Path dir;
    private final Path keystorePasswordFile;

    public LocalCertificateAuthority(Path dir, Path keystorePasswordFile) {
        this.dir = dir;
        this.keystorePasswordFile = keystorePasswordFile;
    }

    public Path caCertificate() {
        return dir.resolve("ca.crt");
    }

    /** The server certificate followed by the CA certificate, PEM. */
    public Path serverCertificate() {
        return dir.resolve("server.crt");
    }

    /** The server's private key, PKCS#8 PEM, mode 0600. */
    public Path serverKey() {
        return dir.resolve("server.key");
    }

    /** The same key and chain as a PKCS#12 keystore (for Kafka), password in {@link #keystorePassword()}. */
    public Path serverKeystore() {
        return dir.resolve("server.p12");
    }

    public String keystorePassword() {
        return SecretFiles.read(keystorePasswordFile);
    }

    public boolean exists() {
        return Files.exists(caCertificate()) && Files.exists(serverKey()) && Files.exists(serverKeystore());
    }

    /** Creates the CA and the server certificate unless they exist. */
    public void createIfAbsent() {
        if (exists()) {
            return;
        }
        try {
            Files.createDirectories(dir);
            SecureRandom random = new SecureRandom();
            KeyPair caKeys = ecKeyPair(random);
            X500Name caName = new X500Name("CN=Palisade local CA,O=Palisade local stack");
            Instant now = Instant.now();
            X509Certificate ca = sign(new JcaX509v3CertificateBuilder(caName, serial(random), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(CA_VALIDITY)), caName, caKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            new JcaX509ExtensionUtils().createSubjectKeyIdentifier(caKeys.getPublic())),
                    caKeys.getPrivate());

            KeyPair serverKeys = ecKeyPair(random);
            X509Certificate server = sign(new JcaX509v3CertificateBuilder(caName, serial(random), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(SERVER_VALIDITY)), new X500Name("CN=localhost,O=Palisade local stack"), serverKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                        new GeneralName(GeneralName.iPAddress, "::1")}))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca)),
                    caKeys.getPrivate());

            SecretFiles.write(dir.resolve("ca.key"), pem(caKeys.getPrivate()));
            SecretFiles.write(serverKey(), pem(serverKeys.getPrivate()));
            Files.writeString(serverCertificate(), pem(server) + pem(ca));
            writeKeystore(serverKeys.getPrivate(), server, ca);
            // the CA certificate last: its presence marks the set complete
            Files.writeString(caCertificate(), pem(ca));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create the local certificate authority", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the local certificate authority to " + dir, e);
        }
    }

    private void writeKeystore(PrivateKey key, X509Certificate server, X509Certificate ca)
            throws GeneralSecurityException, IOException {
        String password = SecretFiles.readOrGenerate(keystorePasswordFile);
        KeyStore keystore = KeyStore.getInstance("PKCS12");
        keystore.load(null, null);
        keystore.setKeyEntry("server", key, password.toCharArray(), new Certificate[] {server, ca});
        SecretFiles.write(serverKeystore(), "");
        try (OutputStream out = Files.newOutputStream(serverKeystore())) {
            keystore.store(out, password.toCharArray());
        }
    }

    private static KeyPair ecKeyPair(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        return generator.generateKeyPair();
    }

    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(127, random);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object instanceof PrivateKey key ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null) : object);
        }
        return out.toString();
    }
}
