// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Security;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.palisade.deploy.hsm.SoftHsmToken;

/** Keys made inside a real SoftHSM2 token stay inside it, and work. */
class TokenKeysTest {

    private final SecureRandom random = new SecureRandom();
    private final String alias = "test-" + UUID.randomUUID();
    private SoftHsmToken softHsm;
    private Pkcs11Token token;

    @BeforeEach
    void open() {
        softHsm = TestTokens.primary();
        token = Pkcs11Token.open(TestTokens.config(softHsm));
    }

    @AfterEach
    void deleteKeyAndClose() throws Exception {
        if (token.keyStore().containsAlias(alias)) {
            token.keyStore().deleteEntry(alias);
        }
        token.close();
    }

    @Test
    void aesKeyGeneratedInTheTokenIsSensitiveAndNeverExtractable() throws Exception {
        int secretKeysBefore = countObjects(listSecretKeys(), "Secret Key Object");
        KeyGenerator generator = KeyGenerator.getInstance("AES", token.provider());
        generator.init(256, random);
        SecretKey generated = generator.generateKey();
        token.keyStore().setEntry(alias, new KeyStore.SecretKeyEntry(generated), null);

        Key stored = token.keyStore().getKey(alias, null);

        assertThat(generated.getEncoded()).isNull();
        assertThat(stored.getEncoded()).isNull();
        assertThat(stored.getAlgorithm()).isEqualTo("AES");
        // read back by a separate PKCS#11 client, from the token's own attributes
        String listing = listSecretKeys();
        String object = objectWith(listing, "label", alias);
        assertThat(object).contains("AES length 32");
        assertThat(accessFlags(object)).contains("sensitive", "always sensitive", "never extractable")
                .doesNotContain("extractable");
        // stored exactly once: no unlabelled second copy
        assertThat(countObjects(listing, "Secret Key Object")).isEqualTo(secretKeysBefore + 1);
        // and it works: AES-GCM in the token round-trips
        byte[] iv = new byte[12];
        random.nextBytes(iv);
        byte[] plaintext = "data key bytes".getBytes(StandardCharsets.UTF_8);
        Cipher encrypt = Cipher.getInstance("AES/GCM/NoPadding", token.provider());
        encrypt.init(Cipher.ENCRYPT_MODE, stored, new GCMParameterSpec(128, iv));
        byte[] ciphertext = encrypt.doFinal(plaintext);
        Cipher decrypt = Cipher.getInstance("AES/GCM/NoPadding", token.provider());
        decrypt.init(Cipher.DECRYPT_MODE, stored, new GCMParameterSpec(128, iv));
        assertThat(ciphertext).hasSize(plaintext.length + 16).isNotEqualTo(plaintext);
        assertThat(decrypt.doFinal(ciphertext)).isEqualTo(plaintext);
    }

    @Test
    void ecP256KeyPairGeneratedInTheTokenSignsAndItsPublicKeyVerifiesElsewhere() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", token.provider());
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        KeyPair pair = generator.generateKeyPair();
        byte[] message = "ledger entry 1".getBytes(StandardCharsets.UTF_8);

        Signature signer = Signature.getInstance("SHA256withECDSA", token.provider());
        signer.initSign(pair.getPrivate());
        signer.update(message);
        byte[] signature = signer.sign();

        assertThat(pair.getPrivate().getEncoded()).isNull();
        // verified in software with the exported public key, so the token is not checking its own work
        Provider software = Security.getProvider("SunEC");
        PublicKey exported = KeyFactory.getInstance("EC", software)
                .generatePublic(new X509EncodedKeySpec(pair.getPublic().getEncoded()));
        assertThat(verify(software, exported, message, signature)).isTrue();
        assertThat(verify(software, exported, "ledger entry 2".getBytes(StandardCharsets.UTF_8), signature)).isFalse();
    }

    @Test
    void storedEcPrivateKeySignsAfterReloadAndStaysNonExtractable() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", token.provider());
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        KeyPair pair = generator.generateKeyPair();
        X509Certificate certificate = selfSigned(pair);
        token.keyStore().setEntry(alias,
                new KeyStore.PrivateKeyEntry(pair.getPrivate(), new X509Certificate[] {certificate}), null);
        token.close();
        token = Pkcs11Token.open(TestTokens.config(softHsm));

        PrivateKey reloaded = (PrivateKey) token.keyStore().getKey(alias, null);
        Signature signer = Signature.getInstance("SHA256withECDSA", token.provider());
        signer.initSign(reloaded);
        byte[] message = "after restart".getBytes(StandardCharsets.UTF_8);
        signer.update(message);
        byte[] signature = signer.sign();

        assertThat(reloaded.getEncoded()).isNull();
        PublicKey fromCertificate = token.keyStore().getCertificate(alias).getPublicKey();
        assertThat(verify(Security.getProvider("SunEC"), fromCertificate, message, signature)).isTrue();
        // the key store files a private key under CKA_ID = alias (its certificate carries the label)
        String id = HexFormat.of().formatHex(alias.getBytes(StandardCharsets.UTF_8));
        String object = objectWith(listObjects("privkey"), "ID", id);
        assertThat(accessFlags(object)).contains("sensitive", "never extractable").doesNotContain("extractable");
    }

    private X509Certificate selfSigned(KeyPair pair) throws Exception {
        // the key store files a private key only with a certificate chain; the key signs its own certificate
        X500Name subject = new X500Name("CN=" + alias);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        BigInteger serial = BigInteger.valueOf(random.nextLong() & Long.MAX_VALUE);
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").setProvider(token.provider())
                .build(pair.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(subject, serial,
                Date.from(now), Date.from(now.plus(1, ChronoUnit.DAYS)), subject, pair.getPublic()).build(signer));
    }

    private static boolean verify(Provider provider, PublicKey key, byte[] message, byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance("SHA256withECDSA", provider);
        verifier.initVerify(key);
        verifier.update(message);
        return verifier.verify(signature);
    }

    private String listSecretKeys() {
        return listObjects("secrkey");
    }

    private String listObjects(String type) {
        // pkcs11-tool takes the PIN only as an argument; acceptable for a throwaway test token
        return TestTokens.run(0, "pkcs11-tool", "--module", SoftHsmToken.library().toString(),
                "--token-label", softHsm.label(), "--login", "--pin", TestTokens.userPin(softHsm),
                "--list-objects", "--type", type);
    }

    /** The one block pkcs11-tool prints for an object whose {@code attribute} is {@code value}. */
    private static String objectWith(String listing, String attribute, String value) {
        // each object's block starts on an unindented line; its attributes follow, indented, as "name: value"
        List<String> matching = Stream.of(listing.split("\n(?=\\S)"))
                .filter(block -> block.lines().map(String::strip)
                        .anyMatch(line -> line.matches(Pattern.quote(attribute) + ":\\s+" + Pattern.quote(value))))
                .toList();
        assertThat(matching).as("objects with " + attribute + " " + value + " in:\n" + listing).hasSize(1);
        return matching.get(0);
    }

    /** The flags on the object's "Access:" line, e.g. [sensitive, always sensitive, never extractable, local]. */
    private static List<String> accessFlags(String object) {
        String line = object.lines().map(String::strip).filter(l -> l.startsWith("Access:")).findFirst()
                .orElseThrow(() -> new AssertionError("no Access line in:\n" + object));
        return List.of(line.substring("Access:".length()).strip().split("\\s*,\\s*"));
    }

    private static int countObjects(String listing, String kind) {
        return (int) listing.lines().filter(line -> line.startsWith(kind)).count();
    }
}
