// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.ceremony;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.palisade.hsm.custody.CustodyException;
import org.palisade.hsm.custody.KeyDescription;
import org.palisade.hsm.custody.LedgeredCustody;
import org.palisade.hsm.custody.Pkcs11KeyCustody;
import org.palisade.hsm.ledger.JdbcCustodyLedger;
import org.palisade.hsm.ledger.LedgerUnavailableException;
import org.palisade.hsm.ledger.Principal;
import org.palisade.hsm.token.HsmException;
import org.palisade.hsm.token.Pkcs11Token;

/**
 * The key ceremony and the ledger export, for operators: {@code keys init|list|rotate|export-root FILE} and
 * {@code audit export FILE}. Every use of a key it makes is recorded in the custody ledger, with the operator
 * ({@code $PALISADE_OPERATOR}, else the system user) as the principal, and the ceremony ends with a signed
 * checkpoint so that what it did is covered at once.
 *
 * <p>Exit codes: 0 done; 1 failed (HSM, ledger); 2 usage; 3 refused because the keys exist; 4 no keys yet.
 */
public final class CustodyCommand {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int KEYS_EXIST = 3;
    static final int NOT_INITIALISED = 4;
    private static final String USAGE_TEXT =
            "usage: keys init | keys list | keys rotate | keys export-root FILE | audit export FILE";
    /** Entries between checkpoints that the appending thread signs itself; a scheduler covers quiet periods. */
    private static final int CHECKPOINT_EVERY = 100;

    private final PrintStream out;
    private final PrintStream err;
    private final Pkcs11KeyCustody custody;
    private final JdbcCustodyLedger ledger;
    private final Principal operator;

    CustodyCommand(PrintStream out, PrintStream err, Pkcs11KeyCustody custody, JdbcCustodyLedger ledger, Principal operator) {
        this.out = out;
        this.err = err;
        this.custody = custody;
        this.ledger = ledger;
        this.operator = operator;
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), System.out, System.err));
    }

    static int run(List<String> args, java.util.Map<String, String> env, PrintStream out, PrintStream err) {
        if (!isKnown(args)) {
            err.println(USAGE_TEXT);
            return USAGE;
        }
        CustodySettings settings;
        Principal operator;
        try {
            settings = CustodySettings.fromEnvironment(env);
            operator = Principal.person(env.getOrDefault("PALISADE_OPERATOR", System.getProperty("user.name")));
        } catch (IllegalArgumentException e) {
            err.println("palisade: " + e.getMessage());
            return USAGE;
        }
        try (Pkcs11Token token = Pkcs11Token.open(settings.token())) {
            LedgeredCustody keys = LedgeredCustody.open(token, settings.ledgerDataSource(), Clock.systemUTC(),
                    new SecureRandom(), CHECKPOINT_EVERY);
            return new CustodyCommand(out, err, keys.custody(), keys.ledger(), operator).execute(args);
        } catch (HsmException e) {
            err.println("palisade: HSM: " + e.getMessage());
            return FAILED;
        } catch (CustodyException | LedgerUnavailableException e) {
            err.println("palisade: " + e.getMessage());
            return FAILED;
        } catch (IOException e) {
            err.println("palisade: cannot write: " + e.getMessage());
            return FAILED;
        }
    }

    private static boolean isKnown(List<String> args) {
        if (args.size() == 2 && args.get(0).equals("keys") && List.of("init", "list", "rotate").contains(args.get(1))) {
            return true;
        }
        return args.size() == 3 && (args.get(0).equals("keys") && args.get(1).equals("export-root")
                || args.get(0).equals("audit") && args.get(1).equals("export"));
    }

    private int execute(List<String> args) throws IOException {
        switch (args.get(0) + " " + args.get(1)) {
            case "keys init":
                return init();
            case "keys list":
                return list();
            case "keys rotate":
                return rotate();
            case "keys export-root":
                return exportRoot(Path.of(args.get(2)));
            default:
                return exportLedger(Path.of(args.get(2)));
        }
    }

    private int init() {
        try {
            custody.initialise(operator);
        } catch (CustodyException e) {
            if (e.reason() == CustodyException.Reason.KEY_EXISTS) {
                err.println("palisade: the organisation keys exist already; nothing was changed (the refusal is in the ledger)");
                return KEYS_EXIST;
            }
            throw e;
        }
        ledger.checkpointIfDue(Duration.ZERO);
        out.println("Organisation keys created in the HSM (sensitive, never extractable):");
        printKeys(custody.describe());
        return OK;
    }

    private int list() {
        List<KeyDescription> keys = custody.describe();
        if (keys.isEmpty()) {
            err.println("palisade: the token holds no organisation keys yet; create them with: ./palisade keys init");
            return NOT_INITIALISED;
        }
        printKeys(keys);
        return OK;
    }

    private int rotate() {
        int version = custody.rotateStorageKek(operator);
        ledger.checkpointIfDue(Duration.ZERO);
        out.println("storage-kek/" + version + " created: new data keys are encrypted under it. Older versions still"
                + " decrypt until a re-encryption moves their data keys; then they can be destroyed.");
        return OK;
    }

    private int exportRoot(Path file) throws IOException {
        X509Certificate root = custody.rootCertificate();
        Files.writeString(file, pem(root), StandardCharsets.US_ASCII);
        out.println("Organisation root certificate written to " + file);
        out.println("SHA-256 fingerprint: " + fingerprint(root));
        return OK;
    }

    private int exportLedger(Path file) throws IOException {
        ledger.checkpointIfDue(Duration.ZERO);
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            ledger.export(writer);
        }
        long lines;
        try (var stream = Files.lines(file)) {
            lines = stream.count();
        }
        out.println("Custody ledger exported to " + file + " (" + lines + " lines); verify it offline with:");
        out.println("  ./palisade audit verify " + file + " --root ORG-ROOT.pem");
        return OK;
    }

    private void printKeys(List<KeyDescription> keys) {
        out.printf("%-18s %-9s %-15s %-21s %s%n", "KEY", "TYPE", "USAGE", "CREATED", "PUBLIC KEY FINGERPRINT (SHA-256)");
        for (KeyDescription key : keys) {
            out.printf("%-18s %-9s %-15s %-21s %s%n", key.alias(), key.type().displayName(),
                    key.usage().name().toLowerCase().replace('_', '-'),
                    key.created().map(Object::toString).orElse("-"), key.fingerprint().orElse("- (secret key)"));
        }
    }

    static String pem(X509Certificate certificate) {
        try {
            String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded());
            return "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode the root certificate", e);
        }
    }

    /** As {@code openssl x509 -noout -fingerprint -sha256} prints it, so the two can be compared by eye. */
    static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
