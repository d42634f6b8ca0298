// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.token;

import java.io.IOException;
import java.security.AuthProvider;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.ProviderException;
import java.security.Security;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.login.LoginException;
import org.palisade.hsm.token.HsmException.Reason;

/**
 * A PKCS#11 token, chosen by label, opened through its own SunPKCS11 provider and logged in as its user.
 *
 * <p>Pass {@link #provider()} explicitly to every JCA call ({@code Signature.getInstance(alg, provider)}); it is
 * not registered with {@link Security}, so a call without it silently uses a software provider instead.
 * Keys generated through the provider are sensitive and non-extractable: secret keys and private keys never
 * leave the token. They are session objects until stored in {@link #keyStore()} under an alias.
 *
 * <p>PKCS#11 login state belongs to the process, so a process holds one open {@code Pkcs11Token} per token and
 * shares it; opening the same token again before {@link #close()} fails with
 * {@link Reason#TOKEN_ALREADY_OPEN}. The JVM needs
 * {@code --add-exports jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED}.
 */
public final class Pkcs11Token implements AutoCloseable {

    // opens are rare; serialising them closes the gap between "not logged in yet" and logging in
    private static final Object OPEN_LOCK = new Object();

    private final TokenConfig config;
    private final CryptokiModule module;
    private final long slot;
    private final AuthProvider provider;
    private final KeyStore keyStore;
    private volatile boolean closed;

    private Pkcs11Token(TokenConfig config, CryptokiModule module, long slot, AuthProvider provider, KeyStore keyStore) {
        this.config = config;
        this.module = module;
        this.slot = slot;
        this.provider = provider;
        this.keyStore = keyStore;
    }

    /**
     * Loads the library, finds the token labelled {@code config.label()}, reads the PIN and logs in.
     *
     * @throws HsmException naming what to fix: {@link Reason#JVM_NOT_CONFIGURED}, {@link Reason#LIBRARY_MISSING},
     *                      {@link Reason#LIBRARY_UNUSABLE}, {@link Reason#TOKEN_NOT_FOUND},
     *                      {@link Reason#TOKEN_AMBIGUOUS}, {@link Reason#TOKEN_ALREADY_OPEN},
     *                      {@link Reason#PIN_UNAVAILABLE}, {@link Reason#PIN_INCORRECT}, {@link Reason#PIN_LOCKED}
     *                      or {@link Reason#TOKEN_FAILURE}
     */
    public static Pkcs11Token open(TokenConfig config) {
        Objects.requireNonNull(config, "config");
        synchronized (OPEN_LOCK) {
            CryptokiModule module = CryptokiModule.load(config.library());
            long slot = module.slotOf(config.label());
            char[] pin = config.pin().read();
            try {
                if (module.isUserLoggedIn(slot)) {
                    throw new HsmException(Reason.TOKEN_ALREADY_OPEN, "this process is already logged in to token '"
                            + config.label() + "'; share the open Pkcs11Token or close it first");
                }
                AuthProvider provider = configureProvider(config, slot);
                KeyStore keyStore = logIn(config, provider, pin);
                Pkcs11Token token = new Pkcs11Token(config, module, slot, provider, keyStore);
                // SoftHSM2's view of its slots can shift in a running process when another process adds a token:
                // confirm the slot still holds the label now that we are logged in, rather than trust the lookup
                TokenStatus status = token.probe();
                if (!status.up()) {
                    token.close();
                    throw new HsmException(Reason.TOKEN_FAILURE, "token '" + config.label()
                            + "' failed its check right after login: " + status.reason());
                }
                return token;
            } finally {
                Arrays.fill(pin, '\0');
            }
        }
    }

    private static AuthProvider configureProvider(TokenConfig config, long slot) {
        Provider unconfigured = Security.getProvider("SunPKCS11");
        if (unconfigured == null) {
            throw new HsmException(Reason.JVM_NOT_CONFIGURED, "this JVM has no SunPKCS11 provider (module "
                    + "jdk.crypto.cryptoki); use a full JDK runtime");
        }
        try {
            return (AuthProvider) unconfigured.configure(providerConfig(config, slot));
        } catch (ProviderException | IllegalArgumentException e) {
            throw new HsmException(Reason.TOKEN_FAILURE, "the SunPKCS11 provider for token '" + config.label()
                    + "' could not be configured: " + e.getMessage() + " " + CryptokiModule.returnCodeOf(e), e);
        }
    }

    /**
     * Inline SunPKCS11 configuration. The templates make every secret and private key generated through the
     * provider sensitive and non-extractable. CKA_TOKEN is deliberately absent: keys become token objects when
     * stored in the key store, and forcing CKA_TOKEN here would leave a second, unlabelled copy behind.
     */
    static String providerConfig(TokenConfig config, long slot) {
        return "--"
                + "name = Palisade-" + config.label().replaceAll("[^A-Za-z0-9-]", "_") + "\n"
                + "library = \"" + config.library() + "\"\n"
                + "slot = " + slot + "\n"
                + "attributes(generate, CKO_SECRET_KEY, *) = {\n"
                + "  CKA_SENSITIVE = true\n"
                + "  CKA_EXTRACTABLE = false\n"
                + "}\n"
                + "attributes(generate, CKO_PRIVATE_KEY, *) = {\n"
                + "  CKA_SENSITIVE = true\n"
                + "  CKA_EXTRACTABLE = false\n"
                + "}\n";
    }

    private static KeyStore logIn(TokenConfig config, AuthProvider provider, char[] pin) {
        try {
            KeyStore keyStore = KeyStore.getInstance("PKCS11", provider);
            keyStore.load(null, pin);
            return keyStore;
        } catch (IOException | GeneralSecurityException | ProviderException e) {
            Reason reason = CryptokiModule.loginFailureReason(e).orElse(Reason.TOKEN_FAILURE);
            String what = reason == Reason.PIN_INCORRECT ? "rejected the PIN"
                    : reason == Reason.PIN_LOCKED ? "has locked its user PIN; a security officer must unlock it"
                    : "could not be logged in to";
            // the provider's own messages are left out: only the return code, which is fixed text
            throw new HsmException(reason, "token '" + config.label() + "' " + what + " ("
                    + CryptokiModule.returnCodeOf(e) + ", PIN from " + config.pin() + ")", e);
        }
    }

    /** The token's own SunPKCS11 provider; pass it explicitly to every JCA call. */
    public Provider provider() {
        requireOpen();
        return provider;
    }

    /** The token's key store, loaded and logged in; protection parameters are {@code null} for its entries. */
    public KeyStore keyStore() {
        requireOpen();
        return keyStore;
    }

    public String label() {
        return config.label();
    }

    /**
     * For a health check: asks the token (not a cache) whether it is present, unlocked, logged in and
     * answering. Cheap: a few PKCS#11 calls in a session of its own; never throws.
     */
    public TokenStatus probe() {
        if (closed) {
            return TokenStatus.down("closed");
        }
        return module.probe(slot, config.label());
    }

    /** Logs the process out of the token; keys obtained from it stop working. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            provider.logout();
        } catch (LoginException | ProviderException e) {
            // a token that went away has logged us out already; nothing is left to release
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("token '" + config.label() + "' is closed");
        }
    }

    @Override
    public String toString() {
        return "Pkcs11Token[" + config.label() + (closed ? ", closed" : "") + "]";
    }
}
