// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.audit.verify;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import org.palisade.audit.ledger.LedgerCheckpoint;

/**
 * {@code java -jar palisade-audit-verifier.jar verify LEDGER.jsonl --root ROOT.pem}: plain text out, and the
 * exit code says the verdict — 0 valid, 1 invalid (tampered or not a ledger), 2 a usage error or a file that
 * cannot be read.
 */
public final class VerifyCommand {

    public static final int VALID = 0;
    public static final int INVALID = 1;
    public static final int USAGE = 2;

    private static final String USAGE_TEXT = String.join(System.lineSeparator(),
            "usage: java -jar palisade-audit-verifier.jar verify LEDGER.jsonl --root ROOT.pem",
            "  Verifies a custody ledger export (palisade-custody-ledger/1) against the organisation root",
            "  certificate (PEM or DER). Exit code: 0 valid, 1 invalid, 2 usage error or unreadable file.");

    private VerifyCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit code. Never throws, never prints a stack trace. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            return verify(args, out, err);
        } catch (RuntimeException e) {
            err.println("error: the verifier failed unexpectedly (" + e.getClass().getSimpleName() + ")");
            return USAGE;
        }
    }

    private static int verify(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && ("--help".equals(args[0]) || "-h".equals(args[0]))) {
            out.println(USAGE_TEXT);
            return VALID;
        }
        String ledgerArg = null;
        String rootArg = null;
        for (int i = 1; i < args.length; i++) {
            if ("--root".equals(args[i]) && i + 1 < args.length && rootArg == null) {
                rootArg = args[++i];
            } else if (!args[i].startsWith("-") && ledgerArg == null) {
                ledgerArg = args[i];
            } else {
                return usage(err, "unexpected argument: " + args[i]);
            }
        }
        if (args.length == 0 || !"verify".equals(args[0])) {
            return usage(err, "the command is verify");
        }
        if (ledgerArg == null || rootArg == null) {
            return usage(err, ledgerArg == null ? "which ledger export?" : "--root ROOT.pem is required");
        }
        Path ledger;
        Path rootFile;
        try {
            ledger = Path.of(ledgerArg);
            rootFile = Path.of(rootArg);
        } catch (InvalidPathException e) {
            return usage(err, "not a file name: " + e.getInput());
        }
        X509Certificate root;
        try {
            root = readRoot(rootFile);
        } catch (IOException e) {
            err.println("error: cannot read the root certificate " + rootFile + ": " + describe(e));
            return USAGE;
        }
        VerificationReport report;
        try {
            report = new LedgerVerifier(root).verify(ledger);
        } catch (IOException e) {
            err.println("error: cannot read the ledger export " + ledger + ": " + describe(e));
            return USAGE;
        }
        print(out, ledger, report);
        return report.valid() ? VALID : INVALID;
    }

    private static void print(PrintStream out, Path ledger, VerificationReport report) {
        if (!report.valid()) {
            out.println("INVALID " + ledger);
            out.println("  " + report.problem());
            out.println("  verified before it: " + entries(report.entries()) + ", "
                    + report.checkpoints() + " checkpoint(s); " + covered(report));
            return;
        }
        out.println("VALID " + ledger);
        out.println("  entries: " + report.entries() + (report.entries() == 0 ? "" : " (seq 1 to " + report.entries()
                + "), each matching its hash and linked to the one before"));
        out.println("  checkpoints: " + report.checkpoints() + ", signed by " + report.checkpointSubject()
                + ", which chains to the given root");
        out.println("  " + covered(report));
        long unprotected = report.unprotectedEntries();
        if (unprotected == 0) {
            out.println("  unprotected: none; entries appended after the last checkpoint and cut off before export"
                    + " would not show here");
        } else {
            out.println("  unprotected: " + entries(unprotected) + " after the last checkpoint (seq "
                    + (report.coveredEntries() + 1) + " to " + report.entries() + "): no signature covers them, so they"
                    + " could have been cut off the end or rewritten without this check noticing");
        }
    }

    private static String covered(VerificationReport report) {
        LedgerCheckpoint last = report.lastCheckpoint();
        if (last == null) {
            return "covered: no entry is covered by a verified checkpoint";
        }
        return "covered: entries 1 to " + last.seq() + " by the checkpoint signed " + last.time();
    }

    private static String entries(long count) {
        return count + (count == 1 ? " entry" : " entries");
    }

    private static X509Certificate readRoot(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.size() != 1 || !(certificates.iterator().next() instanceof X509Certificate)) {
                throw new IOException(certificates.isEmpty() ? "it holds no certificate"
                        : "it holds " + certificates.size() + " certificates; give the organisation root alone");
            }
            return (X509Certificate) certificates.iterator().next();
        } catch (CertificateException e) {
            throw new IOException("it is not a PEM or DER X.509 certificate");
        }
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static int usage(PrintStream err, String problem) {
        err.println("error: " + problem);
        err.println(USAGE_TEXT);
        return USAGE;
    }
}
