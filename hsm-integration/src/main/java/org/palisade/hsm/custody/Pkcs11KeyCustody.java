// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.custody;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import javax.crypto.SecretKey;
import org.palisade.hsm.custody.CustodyException.Reason;
import org.palisade.hsm.ledger.CustodyLedger;
import org.palisade.hsm.ledger.Operation;
import org.palisade.hsm.ledger.Principal;
import org.palisade.hsm.token.Pkcs11Token;

/**
 * The organisation's keys in a PKCS#11 token, used through the token's own SunPKCS11 provider: signatures and
 * DEK encryption happen inside the token, and no private or secret key leaves it.
 *
 * <h2>Ledger ordering</h2>
 * The rule is "no unrecorded use": nothing a key produced, and no change to the keys, may exist without its
 * ledger entry. When the ledger fails part-way the record may over-state (an entry for something that then
 * did not happen, followed by a FAILURE entry for the same key and version once the ledger allows), never
 * under-state. A later entry for the same key, version and operation supersedes an earlier one.
 * <ul>
 *   <li>Uses (sign, DEK encrypt, DEK decrypt, re-encrypt): the token does the work, then the entry is appended
 *       with the real outcome, then the result is returned. If the append fails the result is discarded (a
 *       decrypted DEK is wiped) and LEDGER_UNAVAILABLE is thrown, so nothing the token produced leaves this
 *       class unrecorded, and the entry states what happened rather than an intention. Failed uses (tampered
 *       ciphertext, missing or destroyed version) are recorded as FAILURE with a fixed detail.</li>
 *   <li>Generate and rotate: keys are generated as session objects, which vanish unless stored, and certified;
 *       then every entry is appended (the ceremony's include device-ca's two certificate signatures); only then
 *       are the keys stored as token objects. So no key exists in the token without its entry. If storing
 *       fails, what this call stored is removed again and a FAILURE entry follows for each key that is not in
 *       the token, so the ceremony can be run again.</li>
 *   <li>Destroy: the entry is appended before the key is deleted, because deletion cannot be undone and a
 *       destroyed key without its receipt is the one outcome that must not happen. If deletion fails, a
 *       FAILURE entry follows.</li>
 *   <li>Refusals (keys already exist, destroying the newest version) are appended as REFUSED before the
 *       exception is thrown. If a failure or refusal cannot be recorded either, LEDGER_UNAVAILABLE is thrown
 *       with the original failure suppressed.</li>
 *   <li>Argument errors that name no key (null, a malformed purpose, a DEK of the wrong size, bytes that do not
 *       parse as a {@link WrappedDek}) are rejected before any key is touched and are not recorded: there is no
 *       key to attribute them to, and recording them would copy caller input into the ledger. A well-formed
 *       wrapped DEK with a ciphertext of the wrong length names its version, and is recorded as a failed use.</li>
 *   <li>Reading public parts ({@link #describe()}, the certificates) is not a use of a key.</li>
 * </ul>
 *
 * <h2>Versions</h2>
 * Storage-kek versions are numbered from 1 in creation order, the next one being the highest present plus one,
 * and the newest is never destroyed. So a version below the newest that is not in the token was destroyed
 * (KEY_DESTROYED) and a version above it was never created (KEY_MISSING), without keeping any other state.
 *
 * <h2>Concurrency</h2>
 * Uses share a read lock and run in parallel (SunPKCS11 pools sessions); administration takes the write lock,
 * so a rotation or destruction waits for the uses in flight and no use sees half of one. The ledger may call
 * back into this custody from {@code append} (to sign a checkpoint with {@code audit-checkpoint}, itself a
 * recorded use): both locks are reentrant and the administration lock's holder may take the use lock, so that
 * does not deadlock. Key handles and aliases are read through this instance's key store: organisation keys
 * changed by another process are seen after this one reopens the token.
 */
public final class Pkcs11KeyCustody implements KeyCustody, KeyAdministration {

    static final String CEREMONY = "key-ceremony";
    static final String ROTATION = "key-rotation";
    static final String SHREDDING = "crypto-shredding";
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    // signing keys are not versioned; the ledger still wants a version
    private static final int SIGNING_KEY_VERSION = 1;

    private final CustodyRecorder ledger;
    private final Clock clock;
    private final OrganisationKeyStore keys;
    private final OrganisationCertificates certificates;
    private final StorageKekCipher cipher;
    private final KeyDescriber describer = new KeyDescriber();
    private final Lock use;
    private final Lock administration;

    /**
     * @param token  open and logged in; shared, not closed by this class
     * @param ledger where every use is recorded
     * @param clock  the certificates' notBefore
     * @param random IVs, certificate serials, and key generation (which the token may ignore for its own RNG)
     */
    public Pkcs11KeyCustody(Pkcs11Token token, CustodyLedger ledger, Clock clock, SecureRandom random) {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(random, "random");
        this.ledger = new CustodyRecorder(ledger);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.keys = new OrganisationKeyStore(token, random);
        this.certificates = new OrganisationCertificates(token.provider(), random);
        this.cipher = new StorageKekCipher(token.provider(), random);
        ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        this.use = lock.readLock();
        this.administration = lock.writeLock();
    }

    @Override
    public byte[] sign(SigningKey key, String purpose, byte[] data, Principal who) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(who, "who");
        Purpose.require(purpose);
        String name = key.alias();
        return underLock(use, () -> {
            byte[] signature = recordingFailure(name, SIGNING_KEY_VERSION, Operation.SIGN, purpose, who, () -> {
                PrivateKey privateKey = keys.privateKey(name).orElseThrow(() ->
                        new CustodyException(Reason.KEY_MISSING, name));
                try {
                    Signature signer = Signature.getInstance(SIGNATURE_ALGORITHM, keys.provider());
                    signer.initSign(privateKey);
                    signer.update(data);
                    return signer.sign();
                } catch (GeneralSecurityException | ProviderException e) {
                    throw new CustodyException(Reason.HSM_FAILURE, name, e);
                }
            });
            ledger.success(name, SIGNING_KEY_VERSION, Operation.SIGN, purpose, who);
            return signature;
        });
    }

    @Override
    public WrappedDek encryptDek(byte[] dek, String purpose, Principal who) {
        StorageKekCipher.requireDekLength(dek);
        Purpose.require(purpose);
        Objects.requireNonNull(who, "who");
        return underLock(use, () -> {
            SortedSet<Integer> versions = keys.storageKekVersions();
            // with no version at all, the attempt is recorded against the version the ceremony would create
            int newest = versions.isEmpty() ? 1 : versions.last();
            WrappedDek wrapped = recordingFailure(StorageKek.NAME, newest, Operation.DEK_ENCRYPT, purpose, who,
                    () -> cipher.encrypt(storageKek(newest), newest, purpose, dek));
            ledger.success(StorageKek.NAME, newest, Operation.DEK_ENCRYPT, purpose, who);
            return wrapped;
        });
    }

    @Override
    public byte[] decryptDek(WrappedDek wrapped, String purpose, Principal who) {
        Objects.requireNonNull(wrapped, "wrapped");
        Purpose.require(purpose);
        Objects.requireNonNull(who, "who");
        int version = wrapped.kekVersion();
        return underLock(use, () -> {
            byte[] dek = recordingFailure(StorageKek.NAME, version, Operation.DEK_DECRYPT, purpose, who,
                    () -> cipher.decrypt(storageKek(version), wrapped, purpose));
            try {
                ledger.success(StorageKek.NAME, version, Operation.DEK_DECRYPT, purpose, who);
            } catch (CustodyException unrecorded) {
                Arrays.fill(dek, (byte) 0);
                throw unrecorded;
            }
            return dek;
        });
    }

    @Override
    public List<KeyDescription> describe() {
        return underLock(use, () -> {
            List<KeyDescription> descriptions = new ArrayList<>();
            for (SigningKey key : SigningKey.values()) {
                keys.certificate(key.alias()).ifPresent(certificate ->
                        descriptions.add(describer.signingKey(key, certificate)));
            }
            for (int version : keys.storageKekVersions()) {
                descriptions.add(describer.storageKek(version));
            }
            return List.copyOf(descriptions);
        });
    }

    @Override
    public X509Certificate rootCertificate() {
        return certificate(SigningKey.DEVICE_CA);
    }

    @Override
    public X509Certificate checkpointCertificate() {
        return certificate(SigningKey.AUDIT_CHECKPOINT);
    }

    private X509Certificate certificate(SigningKey key) {
        return underLock(use, () -> keys.certificate(key.alias())
                .orElseThrow(() -> new CustodyException(Reason.KEY_MISSING, key.alias())));
    }

    @Override
    public void initialise(Principal who) {
        Objects.requireNonNull(who, "who");
        underLock(administration, () -> {
            new KeyCeremony(keys, certificates, ledger, who).run(clock.instant());
            return null;
        });
    }

    @Override
    public int rotateStorageKek(Principal who) {
        Objects.requireNonNull(who, "who");
        return underLock(administration, () -> {
            SortedSet<Integer> versions = keys.storageKekVersions();
            if (versions.isEmpty()) {
                throw ledger.failure(new CustodyException(Reason.KEY_MISSING, StorageKek.NAME), StorageKek.NAME, 1,
                        Operation.ROTATE, ROTATION, who);
            }
            int next = versions.last() + 1;
            String alias = StorageKek.alias(next);
            SecretKey kek = recordingFailure(StorageKek.NAME, next, Operation.ROTATE, ROTATION, who,
                    () -> keys.generateAes256(alias));
            ledger.success(StorageKek.NAME, next, Operation.ROTATE, ROTATION, who);
            recordingFailure(StorageKek.NAME, next, Operation.ROTATE, ROTATION, who, () -> {
                keys.storeSecretKey(alias, kek);
                return null;
            });
            return next;
        });
    }

    @Override
    public WrappedDek reEncrypt(WrappedDek wrapped, String purpose, Principal who) {
        Objects.requireNonNull(wrapped, "wrapped");
        Purpose.require(purpose);
        Objects.requireNonNull(who, "who");
        int from = wrapped.kekVersion();
        return underLock(use, () -> {
            byte[] dek = recordingFailure(StorageKek.NAME, from, Operation.RE_ENCRYPT, purpose, who,
                    () -> cipher.decrypt(storageKek(from), wrapped, purpose));
            try {
                int to = keys.storageKekVersions().last();
                WrappedDek moved = recordingFailure(StorageKek.NAME, to, Operation.RE_ENCRYPT, purpose, who,
                        () -> cipher.encrypt(storageKek(to), to, purpose, dek));
                // both versions were used, so both are on the record
                ledger.success(StorageKek.NAME, from, Operation.RE_ENCRYPT, purpose, who);
                if (to != from) {
                    ledger.success(StorageKek.NAME, to, Operation.RE_ENCRYPT, purpose, who);
                }
                return moved;
            } finally {
                Arrays.fill(dek, (byte) 0);
            }
        });
    }

    @Override
    public void destroyStorageKek(int version, Principal who) {
        if (version < 1) {
            throw CustodyException.invalidInput("storage-kek versions start at 1");
        }
        Objects.requireNonNull(who, "who");
        String alias = StorageKek.alias(version);
        underLock(administration, () -> {
            SortedSet<Integer> versions = keys.storageKekVersions();
            if (!versions.contains(version)) {
                throw ledger.failure(absent(version, versions), StorageKek.NAME, version, Operation.DESTROY,
                        SHREDDING, who);
            }
            if (version == versions.last()) {
                throw ledger.failure(new CustodyException(Reason.KEY_IN_USE, alias), StorageKek.NAME, version,
                        Operation.DESTROY, SHREDDING, who);
            }
            // before the deletion: it cannot be undone, and must not happen without its receipt
            ledger.success(StorageKek.NAME, version, Operation.DESTROY, SHREDDING, who);
            recordingFailure(StorageKek.NAME, version, Operation.DESTROY, SHREDDING, who, () -> {
                keys.delete(alias);
                return null;
            });
            return null;
        });
    }

    private SecretKey storageKek(int version) {
        String alias = StorageKek.alias(version);
        return keys.secretKey(alias).orElseThrow(() -> absent(version, keys.storageKekVersions()));
    }

    private static CustodyException absent(int version, SortedSet<Integer> present) {
        boolean destroyed = !present.isEmpty() && version < present.last();
        return new CustodyException(destroyed ? Reason.KEY_DESTROYED : Reason.KEY_MISSING, StorageKek.alias(version));
    }

    /** Runs {@code step}; a custody failure in it is recorded against the key before it is thrown. */
    private <T> T recordingFailure(String keyName, int version, Operation operation, String purpose, Principal who,
            Supplier<T> step) {
        try {
            return step.get();
        } catch (CustodyException e) {
            throw ledger.failure(e, keyName, version, operation, purpose, who);
        }
    }

    private static <T> T underLock(Lock lock, Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
