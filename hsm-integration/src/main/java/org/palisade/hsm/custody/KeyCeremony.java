// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.custody;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.function.Supplier;
import javax.crypto.SecretKey;
import org.palisade.hsm.custody.CustodyException.Reason;
import org.palisade.hsm.ledger.Operation;
import org.palisade.hsm.ledger.Principal;

/**
 * One run of {@link KeyAdministration#initialise}: refuse if any organisation key exists; generate all three
 * keys and both certificates as session objects; record the three generations and device-ca's two certificate
 * signatures; only then store the keys as token objects, so that a failure at any point leaves either nothing
 * in the token or everything, recorded.
 * Runs under {@link Pkcs11KeyCustody}'s administration lock.
 */
final class KeyCeremony {

    private static final String STORAGE_KEK_1 = StorageKek.alias(1);
    private static final String DEVICE_CA = SigningKey.DEVICE_CA.alias();
    private static final String AUDIT_CHECKPOINT = SigningKey.AUDIT_CHECKPOINT.alias();
    static final String ROOT_CERTIFICATE = "root-certificate";
    static final String CHECKPOINT_CERTIFICATE = "checkpoint-certificate";

    private final OrganisationKeyStore keys;
    private final OrganisationCertificates certificates;
    private final CustodyRecorder ledger;
    private final Principal who;

    KeyCeremony(OrganisationKeyStore keys, OrganisationCertificates certificates, CustodyRecorder ledger,
            Principal who) {
        this.keys = keys;
        this.certificates = certificates;
        this.ledger = ledger;
        this.who = who;
    }

    void run(Instant now) {
        refuseIfAnyKeyExists();
        KeyPair deviceCa = generating(DEVICE_CA, () -> keys.generateEcP256(DEVICE_CA));
        X509Certificate root = generating(DEVICE_CA, () -> certificates.root(deviceCa, now));
        SecretKey storageKek = generating(StorageKek.NAME, () -> keys.generateAes256(STORAGE_KEK_1));
        KeyPair checkpoint = generating(AUDIT_CHECKPOINT, () -> keys.generateEcP256(AUDIT_CHECKPOINT));
        X509Certificate checkpointCertificate = generating(AUDIT_CHECKPOINT,
                () -> certificates.checkpoint(checkpoint.getPublic(), deviceCa.getPrivate(), root, now));

        // recorded before any key becomes a token object: if the ledger fails here, nothing is stored. The two
        // certificates are device-ca's first signatures, and are on the record like any other
        ledger.success(DEVICE_CA, 1, Operation.GENERATE, Pkcs11KeyCustody.CEREMONY, who);
        ledger.success(DEVICE_CA, 1, Operation.SIGN, ROOT_CERTIFICATE, who);
        ledger.success(StorageKek.NAME, 1, Operation.GENERATE, Pkcs11KeyCustody.CEREMONY, who);
        ledger.success(AUDIT_CHECKPOINT, 1, Operation.GENERATE, Pkcs11KeyCustody.CEREMONY, who);
        ledger.success(DEVICE_CA, 1, Operation.SIGN, CHECKPOINT_CERTIFICATE, who);

        List<String> stored = new ArrayList<>();
        try {
            // the root first: the key store then files it once, not again as the checkpoint chain's CA
            keys.storePrivateKey(DEVICE_CA, deviceCa.getPrivate(), root);
            stored.add(DEVICE_CA);
            keys.storeSecretKey(STORAGE_KEK_1, storageKek);
            stored.add(STORAGE_KEK_1);
            keys.storePrivateKey(AUDIT_CHECKPOINT, checkpoint.getPrivate(), checkpointCertificate, root);
            stored.add(AUDIT_CHECKPOINT);
        } catch (CustodyException failure) {
            throw undo(stored, failure);
        }
    }

    private void refuseIfAnyKeyExists() {
        List<String> existing = new ArrayList<>();
        for (SigningKey key : SigningKey.values()) {
            if (keys.contains(key.alias())) {
                existing.add(key.alias());
            }
        }
        SortedSet<Integer> storageKekVersions = keys.storageKekVersions();
        storageKekVersions.forEach(version -> existing.add(StorageKek.alias(version)));
        if (existing.isEmpty()) {
            return;
        }
        CustodyException refusal = new CustodyException(Reason.KEY_EXISTS, String.join(", ", existing));
        // one entry per key that blocked the ceremony, so the record says which
        for (String alias : existing) {
            boolean storageKek = StorageKek.version(alias).isPresent();
            CustodyException thrown = ledger.failure(refusal, storageKek ? StorageKek.NAME : alias,
                    StorageKek.version(alias).orElse(1), Operation.GENERATE, Pkcs11KeyCustody.CEREMONY, who);
            if (thrown != refusal) {
                throw thrown;
            }
        }
        throw refusal;
    }

    private <T> T generating(String name, Supplier<T> step) {
        try {
            return step.get();
        } catch (CustodyException e) {
            throw ledger.failure(e, name, 1, Operation.GENERATE, Pkcs11KeyCustody.CEREMONY, who);
        }
    }

    /**
     * Removes what this run stored, then supersedes the generate entries of the keys that are not in the token
     * with FAILURE entries. A key that could not be removed keeps its (true) generate entry; the certificate
     * signatures stand, since they were made (their certificates are discarded with the keys).
     */
    private CustodyException undo(List<String> stored, CustodyException failure) {
        List<String> remaining = new ArrayList<>();
        for (String alias : stored) {
            try {
                keys.delete(alias);
            } catch (CustodyException e) {
                failure.addSuppressed(e);
                remaining.add(alias);
            }
        }
        CustodyException thrown = failure;
        for (String alias : List.of(DEVICE_CA, STORAGE_KEK_1, AUDIT_CHECKPOINT)) {
            if (!remaining.contains(alias)) {
                String name = alias.equals(STORAGE_KEK_1) ? StorageKek.NAME : alias;
                thrown = ledger.failure(failure, name, 1, Operation.GENERATE, Pkcs11KeyCustody.CEREMONY, who);
                if (thrown != failure) {
                    return thrown;
                }
            }
        }
        return thrown;
    }
}
