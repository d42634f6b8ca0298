// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.security.Key;
import java.security.MessageDigest;
import java.security.SignatureException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.palisade.hsm.custody.CustodyException.Reason;
import org.palisade.hsm.custody.KeyDescription.Type;
import org.palisade.hsm.custody.KeyDescription.Usage;
import org.palisade.hsm.ledger.CustodyEvent;
import org.palisade.hsm.ledger.Operation;
import org.palisade.hsm.ledger.Outcome;

/** The key ceremony on a real SoftHSM2 token: three keys, made once, inside the token, with their certificates. */
class KeyCeremonyTest extends CustodyOnRealToken {

    private static final List<String> ORGANISATION_ALIASES = List.of("device-ca", "audit-checkpoint", "storage-kek/1");

    @Test
    void initialiseCreatesTheThreeOrganisationKeysAndRecordsEachGenerationAndCertificate() throws Exception {
        custody.initialise(OFFICER);

        List<KeyDescription> keys = custody.describe();
        assertThat(keys).extracting(KeyDescription::alias).containsExactlyElementsOf(ORGANISATION_ALIASES);
        assertThat(keys).extracting(KeyDescription::name)
                .containsExactly("device-ca", "audit-checkpoint", "storage-kek");
        assertThat(keys).extracting(KeyDescription::type).containsExactly(Type.EC_P256, Type.EC_P256, Type.AES_256);
        assertThat(keys).extracting(KeyDescription::usage)
                .containsExactly(Usage.SIGN, Usage.SIGN, Usage.DEK_ENCRYPTION);
        assertThat(keys).extracting(KeyDescription::version).containsOnly(1);
        assertThat(keys).extracting(KeyDescription::created)
                .containsExactly(Optional.of(CEREMONY_TIME), Optional.of(CEREMONY_TIME), Optional.empty());
        assertThat(ledger.events()).containsExactly(
                generate("device-ca", Outcome.SUCCESS, ""),
                CustodyEvent.of("device-ca", 1, Operation.SIGN, "root-certificate", OFFICER, Outcome.SUCCESS, ""),
                generate("storage-kek", Outcome.SUCCESS, ""),
                generate("audit-checkpoint", Outcome.SUCCESS, ""),
                CustodyEvent.of("device-ca", 1, Operation.SIGN, "checkpoint-certificate", OFFICER, Outcome.SUCCESS,
                        ""));
    }

    @Test
    void describeGivesEachSigningKeysPublicPartAndItsSha256Fingerprint() throws Exception {
        custody.initialise(OFFICER);

        KeyDescription deviceCa = custody.describe().get(0);
        KeyDescription checkpoint = custody.describe().get(1);
        KeyDescription storageKek = custody.describe().get(2);
        byte[] rootSpki = custody.rootCertificate().getPublicKey().getEncoded();
        byte[] checkpointSpki = custody.checkpointCertificate().getPublicKey().getEncoded();
        assertThat(publicKeyFromPem(deviceCa.publicKeyPem().orElseThrow()).getEncoded()).isEqualTo(rootSpki);
        assertThat(publicKeyFromPem(checkpoint.publicKeyPem().orElseThrow()).getEncoded()).isEqualTo(checkpointSpki);
        assertThat(deviceCa.fingerprint()).contains(sha256Hex(rootSpki));
        assertThat(checkpoint.fingerprint()).contains(sha256Hex(checkpointSpki));
        assertThat(deviceCa.fingerprint()).isNotEqualTo(checkpoint.fingerprint());
        // nothing derived from secret key material
        assertThat(storageKek.publicKeyPem()).isEmpty();
        assertThat(storageKek.fingerprint()).isEmpty();
    }

    @Test
    void aSecondCeremonyIsRefusedRecordedAndChangesNothing() throws Exception {
        custody.initialise(OFFICER);
        X509Certificate root = custody.rootCertificate();
        List<KeyDescription> before = custody.describe();
        ledger.clear();

        assertThatThrownBy(() -> custody.initialise(OFFICER))
                .asInstanceOf(type(CustodyException.class))
                .extracting(CustodyException::reason).isEqualTo(Reason.KEY_EXISTS);

        assertThat(custody.rootCertificate()).isEqualTo(root);
        assertThat(custody.describe()).isEqualTo(before);
        assertThat(ledger.events()).containsExactly(
                generate("device-ca", Outcome.REFUSED, "key-exists"),
                generate("audit-checkpoint", Outcome.REFUSED, "key-exists"),
                generate("storage-kek", Outcome.REFUSED, "key-exists"));
    }

    @Test
    void anyOneExistingOrganisationKeyBlocksTheCeremony() throws Exception {
        custody.initialise(OFFICER);
        token.keyStore().deleteEntry("device-ca");
        token.keyStore().deleteEntry("audit-checkpoint");

        assertThatThrownBy(() -> custody.initialise(OFFICER))
                .asInstanceOf(type(CustodyException.class))
                .extracting(CustodyException::reason).isEqualTo(Reason.KEY_EXISTS);

        assertThat(custody.describe()).extracting(KeyDescription::alias).containsExactly("storage-kek/1");
        assertThat(ledger.last()).isEqualTo(generate("storage-kek", Outcome.REFUSED, "key-exists"));
    }

    @Test
    void theKeysAreSensitiveAndNeverExtractableAsTheTokenItselfReports() throws Exception {
        custody.initialise(OFFICER);

        for (String alias : ORGANISATION_ALIASES) {
            Key key = token.keyStore().getKey(alias, null);
            assertThat(key).as(alias).isNotNull();
            assertThat(key.getEncoded()).as(alias).isNull();
        }
        // read back by a separate PKCS#11 client, from the token's own attributes
        String privateKeys = CustodyTestToken.listObjects("privkey");
        String secretKeys = CustodyTestToken.listObjects("secrkey");
        // the key store files a private key under CKA_ID = alias, a secret key under CKA_LABEL = alias
        List<String> objects = List.of(
                single(CustodyTestToken.objectsWith(privateKeys, "ID", CustodyTestToken.hexId("device-ca"))),
                single(CustodyTestToken.objectsWith(privateKeys, "ID", CustodyTestToken.hexId("audit-checkpoint"))),
                single(CustodyTestToken.objectsWith(secretKeys, "label", "storage-kek/1")));
        for (String object : objects) {
            assertThat(CustodyTestToken.accessFlags(object)).as(object)
                    .contains("sensitive", "always sensitive", "never extractable")
                    .doesNotContain("extractable");
        }
        assertThat(objects.get(0)).contains("EC");
        assertThat(objects.get(2)).contains("AES length 32");
    }

    @Test
    void theRootIsASelfSignedTenYearCaCertificateSignedInsideTheToken() throws Exception {
        custody.initialise(OFFICER);
        X509Certificate root = custody.rootCertificate();

        assertThat(root.getSubjectX500Principal().getName()).isEqualTo("CN=Palisade organisation root");
        assertThat(root.getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal());
        root.verify(root.getPublicKey());
        assertThat(root.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(root.getBasicConstraints()).as("CA, path length 0").isZero();
        assertThat(root.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(root.getKeyUsage()[0]).as("digitalSignature").isFalse();
        assertThat(root.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
        assertThat(root.getNotBefore().toInstant()).isEqualTo(CEREMONY_TIME);
        assertThat(root.getNotAfter().toInstant())
                .isEqualTo(CEREMONY_TIME.atZone(ZoneOffset.UTC).plusYears(10).toInstant());
        assertThat(root.getSerialNumber().bitLength()).isGreaterThan(64);
    }

    @Test
    void theCheckpointCertificateIsIssuedByTheRootSoAnAuditorNeedsOnlyTheRoot() throws Exception {
        custody.initialise(OFFICER);
        X509Certificate root = custody.rootCertificate();
        X509Certificate checkpoint = custody.checkpointCertificate();

        assertThat(checkpoint.getSubjectX500Principal().getName()).isEqualTo("CN=Palisade audit checkpoint");
        assertThat(checkpoint.getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal());
        checkpoint.verify(root.getPublicKey());
        assertThatThrownBy(() -> checkpoint.verify(checkpoint.getPublicKey())).isInstanceOf(SignatureException.class);
        assertThat(checkpoint.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(checkpoint.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(checkpoint.getKeyUsage()[5]).as("keyCertSign").isFalse();
        // what an auditor's tooling does: validate the path with the pinned root as the only trust anchor
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(CEREMONY_TIME.plusSeconds(3600)));
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(List.of(checkpoint)), parameters);
    }

    @Test
    void aCeremonyTheLedgerCannotRecordLeavesNoKeyBehindAndCanBeRunAgain() throws Exception {
        ledger.failAfter(1);

        assertThatThrownBy(() -> custody.initialise(OFFICER))
                .asInstanceOf(type(CustodyException.class))
                .extracting(CustodyException::reason).isEqualTo(Reason.LEDGER_UNAVAILABLE);

        assertThat(custody.describe()).isEmpty();
        assertThat(Collections.list(token.keyStore().aliases())).doesNotContainAnyElementsOf(ORGANISATION_ALIASES);
        ledger.setAvailable(true);
        custody.initialise(OFFICER);
        assertThat(custody.describe()).extracting(KeyDescription::alias)
                .containsExactlyElementsOf(ORGANISATION_ALIASES);
    }

    @Test
    void certificatesOfAnUninitialisedOrganisationAreMissing() {
        assertThat(custody.describe()).isEmpty();
        assertThatThrownBy(() -> custody.rootCertificate())
                .asInstanceOf(type(CustodyException.class))
                .extracting(CustodyException::reason).isEqualTo(Reason.KEY_MISSING);
        assertThatThrownBy(() -> custody.checkpointCertificate())
                .asInstanceOf(type(CustodyException.class))
                .extracting(CustodyException::reason).isEqualTo(Reason.KEY_MISSING);
    }

    private static CustodyEvent generate(String keyName, Outcome outcome, String detail) {
        return CustodyEvent.of(keyName, 1, Operation.GENERATE, "key-ceremony", OFFICER, outcome, detail);
    }

    private static String single(List<String> objects) {
        assertThat(objects).hasSize(1);
        return objects.get(0);
    }

    private static String sha256Hex(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
