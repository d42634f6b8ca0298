// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.token;

import static sun.security.pkcs11.wrapper.PKCS11Constants.CKF_OS_LOCKING_OK;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKF_RNG;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKF_SERIAL_SESSION;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKF_TOKEN_INITIALIZED;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKF_USER_PIN_LOCKED;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKS_RO_USER_FUNCTIONS;
import static sun.security.pkcs11.wrapper.PKCS11Constants.CKS_RW_USER_FUNCTIONS;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.palisade.hsm.token.HsmException.Reason;
import sun.security.pkcs11.wrapper.CK_C_INITIALIZE_ARGS;
import sun.security.pkcs11.wrapper.CK_SESSION_INFO;
import sun.security.pkcs11.wrapper.CK_TOKEN_INFO;
import sun.security.pkcs11.wrapper.PKCS11;
import sun.security.pkcs11.wrapper.PKCS11Exception;

/**
 * The PKCS#11 library as loaded into this JVM, reached through the JDK's own (unexported) wrapper for what
 * the SunPKCS11 provider does not offer: choosing a slot by token label, and a session-level health probe.
 *
 * <p>The wrapper keeps one instance per library path and SunPKCS11 asks it for the same one, so the library
 * is initialised once per JVM and slot ids found here are the ones the provider sees.
 */
final class CryptokiModule {

    static final String ADD_EXPORTS = "--add-exports jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED";
    private static final String WRAPPER_MODULE = "jdk.crypto.cryptoki";
    private static final String WRAPPER_PACKAGE = "sun.security.pkcs11.wrapper";
    private static final String FUNCTION_LIST = "C_GetFunctionList";
    // return codes from the PKCS#11 specification; the JDK's own constants for them differ between releases
    private static final long CKR_PIN_INCORRECT = 0xA0;
    private static final long CKR_PIN_INVALID = 0xA1;
    private static final long CKR_PIN_LEN_RANGE = 0xA2;
    private static final long CKR_PIN_LOCKED = 0xA4;

    private final Path library;
    private final PKCS11 p11;

    private CryptokiModule(Path library, PKCS11 p11) {
        this.library = library;
        this.p11 = p11;
    }

    /**
     * @throws HsmException {@link Reason#JVM_NOT_CONFIGURED}, {@link Reason#LIBRARY_MISSING} or
     *                      {@link Reason#LIBRARY_UNUSABLE}
     */
    static CryptokiModule load(Path library) {
        requireWrapperAccess();
        if (!Files.isRegularFile(library)) {
            throw new HsmException(Reason.LIBRARY_MISSING, "PKCS#11 library " + library
                    + " does not exist; install the HSM client library (for SoftHSM2: apt-get install softhsm2)"
                    + " or correct the configured path");
        }
        try {
            return new CryptokiModule(library, instance(library));
        } catch (IOException | PKCS11Exception | UnsatisfiedLinkError e) {
            throw new HsmException(Reason.LIBRARY_UNUSABLE, "PKCS#11 library " + library
                    + " could not be loaded and initialised: " + e.getMessage(), e);
        }
    }

    private static PKCS11 instance(Path library) throws IOException, PKCS11Exception {
        // the same arguments as SunPKCS11: ask for OS locking, fall back to none for single-threaded libraries
        CK_C_INITIALIZE_ARGS multiThreaded = new CK_C_INITIALIZE_ARGS();
        multiThreaded.flags = CKF_OS_LOCKING_OK;
        try {
            return PKCS11.getInstance(library.toString(), FUNCTION_LIST, multiThreaded, false);
        } catch (PKCS11Exception e) {
            return PKCS11.getInstance(library.toString(), FUNCTION_LIST, null, false);
        }
    }

    private static void requireWrapperAccess() {
        Optional<Module> wrapper = ModuleLayer.boot().findModule(WRAPPER_MODULE);
        if (wrapper.isEmpty() || !wrapper.get().isExported(WRAPPER_PACKAGE, CryptokiModule.class.getModule())) {
            throw new HsmException(Reason.JVM_NOT_CONFIGURED, "the JVM must be started with " + ADD_EXPORTS
                    + " to find PKCS#11 tokens by label");
        }
    }

    /**
     * The slot holding the one initialised token labelled {@code label}.
     *
     * @throws HsmException {@link Reason#TOKEN_NOT_FOUND}, {@link Reason#TOKEN_AMBIGUOUS} or
     *                      {@link Reason#TOKEN_FAILURE}
     */
    long slotOf(String label) {
        List<Long> matches = new ArrayList<>();
        List<String> present = new ArrayList<>();
        try {
            for (long slot : p11.C_GetSlotList(true)) {
                CK_TOKEN_INFO info;
                try {
                    info = p11.C_GetTokenInfo(slot);
                } catch (PKCS11Exception e) {
                    // removed or unrecognised between listing and asking: it cannot be the one we want
                    continue;
                }
                if ((info.flags & CKF_TOKEN_INITIALIZED) == 0) {
                    continue;
                }
                String tokenLabel = labelOf(info);
                present.add(tokenLabel);
                if (tokenLabel.equals(label)) {
                    matches.add(slot);
                }
            }
        } catch (PKCS11Exception e) {
            throw new HsmException(Reason.TOKEN_FAILURE, "cannot list the tokens of " + library + ": "
                    + e.getMessage(), e);
        }
        if (matches.isEmpty()) {
            throw new HsmException(Reason.TOKEN_NOT_FOUND, "no initialised token labelled '" + label + "' in "
                    + library + "; tokens present: " + present);
        }
        if (matches.size() > 1) {
            throw new HsmException(Reason.TOKEN_AMBIGUOUS, matches.size() + " tokens are labelled '" + label
                    + "' in " + library + "; give each token a unique label");
        }
        return matches.get(0);
    }

    /**
     * Whether this process is logged in to the token as its user. PKCS#11 login state belongs to the process,
     * not to a session or a provider, and SunPKCS11 skips C_Login when it sees it: a second login would then
     * succeed whatever the PIN.
     */
    boolean isUserLoggedIn(long slot) {
        try {
            long session = p11.C_OpenSession(slot, CKF_SERIAL_SESSION, null, null);
            try {
                return isUserState(p11.C_GetSessionInfo(session));
            } finally {
                p11.C_CloseSession(session);
            }
        } catch (PKCS11Exception e) {
            throw new HsmException(Reason.TOKEN_FAILURE, "cannot open a session on the token in slot " + slot
                    + " of " + library + ": " + e.getMessage(), e);
        }
    }

    /**
     * Asks the token itself, in a session of its own: it is still in its slot under its label, the PIN is not
     * locked, this process is still logged in, and it answers a request for random bytes.
     */
    TokenStatus probe(long slot, String label) {
        try {
            CK_TOKEN_INFO info = p11.C_GetTokenInfo(slot);
            if (!labelOf(info).equals(label)) {
                return TokenStatus.down("slot " + slot + " no longer holds token '" + label + "'");
            }
            if ((info.flags & CKF_USER_PIN_LOCKED) != 0) {
                return TokenStatus.down("user PIN locked");
            }
            // closing this session cannot log the process out: while logged in, the provider holds sessions
            long session = p11.C_OpenSession(slot, CKF_SERIAL_SESSION, null, null);
            try {
                if (!isUserState(p11.C_GetSessionInfo(session))) {
                    return TokenStatus.down("not logged in");
                }
                if ((info.flags & CKF_RNG) != 0) {
                    p11.C_GenerateRandom(session, new byte[16]);
                }
            } finally {
                p11.C_CloseSession(session);
            }
            return TokenStatus.ok();
        } catch (PKCS11Exception e) {
            // the wrapper's message is the CKR_ name of the return code: fixed text, no data
            return TokenStatus.down("PKCS#11 error " + e.getMessage());
        }
    }

    /**
     * What a failed login means for the operator, when the token said why: the PKCS#11 return code travels as
     * the cause of the provider's exceptions.
     */
    static Optional<Reason> loginFailureReason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PKCS11Exception) {
                long code = ((PKCS11Exception) t).getErrorCode();
                if (code == CKR_PIN_INCORRECT || code == CKR_PIN_INVALID || code == CKR_PIN_LEN_RANGE) {
                    return Optional.of(Reason.PIN_INCORRECT);
                }
                if (code == CKR_PIN_LOCKED) {
                    return Optional.of(Reason.PIN_LOCKED);
                }
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The PKCS#11 return code's name in {@code failure}'s causes (fixed text, no data), or "". */
    static String returnCodeOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PKCS11Exception) {
                return t.getMessage();
            }
        }
        return "";
    }

    private static boolean isUserState(CK_SESSION_INFO info) {
        return info.state == CKS_RO_USER_FUNCTIONS || info.state == CKS_RW_USER_FUNCTIONS;
    }

    /**
     * The wrapper hands the 32 label bytes over one byte per char, so they are decoded as UTF-8 here; PKCS#11
     * pads with spaces, and some libraries with NULs.
     */
    private static String labelOf(CK_TOKEN_INFO info) {
        byte[] bytes = new byte[info.label.length];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) info.label[i];
        }
        int length = bytes.length;
        while (length > 0 && (bytes[length - 1] == ' ' || bytes[length - 1] == 0)) {
            length--;
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
}
