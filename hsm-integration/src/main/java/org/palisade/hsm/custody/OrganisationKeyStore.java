// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.custody;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.palisade.hsm.custody.CustodyException.Reason;
import org.palisade.hsm.token.Pkcs11Token;

/**
 * The organisation's entries in the token's key store, and key generation inside the token. Generated keys are
 * session objects (sensitive, non-extractable, by the provider's templates) until {@link #storePrivateKey} or
 * {@link #storeSecretKey} makes them token objects under an alias; a generated key that is never stored
 * vanishes with its session.
 *
 * <p>Key handles are cached: looking a key up costs several PKCS#11 calls under the key store's lock, which
 * would otherwise serialise every signature and decryption. The cache is only correct while this process is
 * the one changing the organisation's entries.
 */
final class OrganisationKeyStore {

    private final Provider provider;
    private final KeyStore keyStore;
    private final SecureRandom random;
    private final Map<String, Key> handles = new ConcurrentHashMap<>();

    OrganisationKeyStore(Pkcs11Token token, SecureRandom random) {
        this.provider = token.provider();
        this.keyStore = token.keyStore();
        this.random = random;
    }

    Provider provider() {
        return provider;
    }

    KeyPair generateEcP256(String alias) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", provider);
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException | ProviderException e) {
            throw new CustodyException(Reason.HSM_FAILURE, alias, e);
        }
    }

    SecretKey generateAes256(String alias) {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES", provider);
            generator.init(256, random);
            return generator.generateKey();
        } catch (GeneralSecurityException | ProviderException e) {
            throw new CustodyException(Reason.HSM_FAILURE, alias, e);
        }
    }

    boolean contains(String alias) {
        try {
            return keyStore.containsAlias(alias);
        } catch (GeneralSecurityException | ProviderException e) {
            throw new CustodyException(Reason.HSM_FAILURE, alias, e);
        }
    }

    /** The storage-kek versions present in the token, oldest first. */
    SortedSet<Integer> storageKekVersions() {
        SortedSet<Integer> versions = new TreeSet<>();
        try {
            for (String alias : Collections.list(keyStore.aliases())) {
                OptionalInt version = StorageKek.version(alias);
                if (version.isPresent()) {
                    versions.add(version.getAsInt());
                }
            }
        } catch (GeneralSecurityException | ProviderException e) {
            throw new CustodyException(Reason.HSM_FAILURE, StorageKek.NAME, e);
        }
        return versions;
    }

    Optional<PrivateKey> privateKey(String alias) {
        return key(alias).filter(PrivateKey.class::isInstance).map(PrivateKey.class::cast);
    }

    Optional<SecretKey> secretKey(String alias) {
        return key(alias).filter(SecretKey.class::isInstance).map(SecretKey.class::cast);
    }

    private Optional<Key> key(String alias) {
        Key cached = handles.get(alias);
        if (cached != null) {
            return Optional.of(cached);
        }
        try {
            Key key = keyStore.getKey(alias, null);
            if (key != null) {
                handles.put(alias, key);
            }
            return Optional.ofNullable(key);
        } catch (GeneralSecurityException | ProviderException e) {
            throw new CustodyException(Reason.HSM_FAILURE, alias, e);
        }
    }

    Optional<X509Certificate> certificate(String alias) {
        try {
            Certificate certificate = keyStore.getCertificate(alias);
            return certificate instanceof X509Certificate x509 ? Optional.of(x509) : Optional.empty();
        } catch (GeneralSecurityException | ProviderException e) {
            throw new CustodyException(Reason.HSM_FAILURE, alias, e);
        }
    }

    /**
     * The key store files a private key only with its certificate chain, end entity first. Never over an
     * existing alias: SunPKCS11 then leaves two private keys under one CKA_ID, and the entry can no longer be
     * read or deleted through the key store.
     */
    void storePrivateKey(String alias, PrivateKey key, X509Certificate... chain) {
        try {
            keyStore.setEntry(alias, new KeyStore.PrivateKeyEntry(key, chain), null);
        } catch (GeneralSecurityException | ProviderException e) {
            throw new CustodyException(Reason.HSM_FAILURE, alias, e);
        }
    }

    void storeSecretKey(String alias, SecretKey key) {
        try {
            keyStore.setEntry(alias, new KeyStore.SecretKeyEntry(key), null);
        } catch (GeneralSecurityException | ProviderException e) {
            throw new CustodyException(Reason.HSM_FAILURE, alias, e);
        }
    }

    /** Destroys the entry's objects in the token (key, and certificate for a key pair). */
    void delete(String alias) {
        handles.remove(alias);
        try {
            keyStore.deleteEntry(alias);
        } catch (GeneralSecurityException | ProviderException e) {
            throw new CustodyException(Reason.HSM_FAILURE, alias, e);
        }
    }
}
