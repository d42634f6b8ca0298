// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.audit.verify;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.OptionalInt;
import org.palisade.audit.ledger.LedgerCheckpoint;
import org.palisade.audit.ledger.LedgerEntry;
import org.palisade.audit.ledger.LedgerFormat;
import org.palisade.audit.ledger.LedgerFormatException;
import org.palisade.audit.ledger.LedgerHeader;
import org.palisade.audit.ledger.LedgerLine;

/**
 * Verifies a custody ledger export ({@code palisade-custody-ledger/1}) offline, against the organisation root
 * alone: the header's checkpoint certificate chains to the root; every entry matches its hash, follows on from
 * the one before (seq and prev); every checkpoint names the hash of the entry just before it and is signed by
 * the checkpoint certificate's key, while both certificates were valid. It stops at the first problem and says
 * what kind it is.
 *
 * <p>It reads the file once, in constant memory. Telling "reordered" from "removed" or "inserted" needs to know
 * what comes later, so on a problem it reads the file again to look.
 */
public final class LedgerVerifier {

    /** Where the export's bytes come from; opened once for the check and again to classify a problem. */
    @FunctionalInterface
    public interface Source {
        InputStream open() throws IOException;
    }

    private final X509Certificate root;

    public LedgerVerifier(X509Certificate root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    public VerificationReport verify(Path export) throws IOException {
        return verify(() -> Files.newInputStream(export));
    }

    public VerificationReport verify(byte[] export) throws IOException {
        return verify(() -> new ByteArrayInputStream(export));
    }

    /** @throws IOException only when the export cannot be read; a bad export is a report with a problem */
    public VerificationReport verify(Source source) throws IOException {
        try (LedgerLines lines = new LedgerLines(new BufferedInputStream(source.open(), 1 << 16))) {
            return new Run(source, lines).run();
        }
    }

    /** The state of one pass: the last verified entry and checkpoint. */
    private final class Run {
        private final Source source;
        private final LedgerLines lines;
        private CheckpointTrust trust;
        private long lastSeq;
        private String lastHash = LedgerFormat.ZERO_HASH;
        private int lastEntryLine;
        private long entries;
        private long checkpoints;
        private LedgerCheckpoint lastCheckpoint;

        Run(Source source, LedgerLines lines) {
            this.source = source;
            this.lines = lines;
        }

        VerificationReport run() throws IOException {
            LedgerLines.Line first = lines.next();
            if (first == null) {
                return problem(1, ProblemKind.MALFORMED, "the file is empty: it has no header line");
            }
            LedgerProblem headerProblem = checkHeader(first);
            if (headerProblem != null) {
                return report(headerProblem);
            }
            for (LedgerLines.Line line = lines.next(); line != null; line = lines.next()) {
                LedgerProblem problem = check(line);
                if (problem != null) {
                    return report(problem);
                }
            }
            return report(null);
        }

        private LedgerProblem checkHeader(LedgerLines.Line first) {
            LedgerLine parsed;
            try {
                parsed = parse(first);
            } catch (LedgerFormatException e) {
                return new LedgerProblem(1, ProblemKind.MALFORMED, e.getMessage());
            }
            if (!(parsed instanceof LedgerHeader)) {
                return new LedgerProblem(1, ProblemKind.MALFORMED, "line 1 must be the header");
            }
            try {
                trust = CheckpointTrust.establish(root, ((LedgerHeader) parsed).certificateDer());
            } catch (CheckpointTrust.UntrustedException e) {
                return new LedgerProblem(1, ProblemKind.UNTRUSTED_CERTIFICATE, e.getMessage());
            }
            return null;
        }

        private LedgerProblem check(LedgerLines.Line line) throws IOException {
            LedgerLine parsed;
            try {
                parsed = parse(line);
            } catch (LedgerFormatException e) {
                return new LedgerProblem(line.number(), ProblemKind.MALFORMED, e.getMessage());
            }
            if (parsed instanceof LedgerEntry) {
                return checkEntry(line.number(), (LedgerEntry) parsed);
            }
            if (parsed instanceof LedgerCheckpoint) {
                return checkCheckpoint(line.number(), (LedgerCheckpoint) parsed);
            }
            return new LedgerProblem(line.number(), ProblemKind.MALFORMED, "a second header; only line 1 is a header");
        }

        private LedgerProblem checkEntry(int line, LedgerEntry entry) throws IOException {
            long seq = entry.seq();
            if (!entry.computeHash().equals(entry.hash())) {
                return new LedgerProblem(line, ProblemKind.MODIFIED,
                        "entry seq " + seq + " was changed: its content does not match its hash");
            }
            long expected = lastSeq + 1;
            if (seq < expected) {
                OptionalInt original = firstEntryLine(0, line, seq, seq);
                return new LedgerProblem(line, ProblemKind.INSERTED, "entry seq " + seq + " appears a second time"
                        + (original.isPresent() ? " (first at line " + original.getAsInt() + ")" : ""));
            }
            if (seq > expected) {
                OptionalInt again = firstEntryLine(line, Integer.MAX_VALUE, seq, seq);
                if (again.isPresent()) {
                    return new LedgerProblem(line, ProblemKind.INSERTED, "entry seq " + seq
                            + " is out of place and appears again at line " + again.getAsInt()
                            + ": this copy was inserted");
                }
                return missing(line, "entry seq " + seq, expected, seq - 1);
            }
            if (!entry.prev().equals(lastHash)) {
                return new LedgerProblem(line, ProblemKind.BROKEN_LINK, seq == 1
                        ? "entry seq 1 does not start the chain: its prev is not " + LedgerFormat.ZERO_HASH.length()
                                + " zeros"
                        : "entry seq " + seq + " does not link to entry seq " + lastSeq + " (line " + lastEntryLine
                                + "): its prev is not that entry's hash. One of them was changed and its hash"
                                + " recomputed, or entries were removed or inserted between them and renumbered");
            }
            lastSeq = seq;
            lastHash = entry.hash();
            lastEntryLine = line;
            entries++;
            return null;
        }

        private LedgerProblem checkCheckpoint(int line, LedgerCheckpoint checkpoint) throws IOException {
            long seq = checkpoint.seq();
            if (lastCheckpoint != null && seq <= lastCheckpoint.seq()) {
                return seq == lastCheckpoint.seq()
                        ? new LedgerProblem(line, ProblemKind.INSERTED, "a second checkpoint for entry seq " + seq)
                        : new LedgerProblem(line, ProblemKind.REORDERED, "the checkpoint for entry seq " + seq
                                + " comes after the one for seq " + lastCheckpoint.seq());
            }
            if (seq > lastSeq) {
                return missing(line, "the checkpoint for entry seq " + seq, lastSeq + 1, seq);
            }
            if (seq < lastSeq) {
                return new LedgerProblem(line, ProblemKind.REORDERED, "the checkpoint for entry seq " + seq
                        + " is not right after that entry: entry seq " + lastSeq + " (line " + lastEntryLine
                        + ") comes before it");
            }
            if (!checkpoint.head().equals(lastHash)) {
                return new LedgerProblem(line, ProblemKind.CHECKPOINT_HEAD_MISMATCH, "the checkpoint for entry seq "
                        + seq + " names head " + checkpoint.head() + ", but that entry (line " + lastEntryLine
                        + ") has hash " + lastHash + ": the entry, or an entry before it, was rewritten and"
                        + " re-hashed, or the checkpoint was changed");
            }
            if (!trust.signatureVerifies(checkpoint)) {
                return new LedgerProblem(line, ProblemKind.BAD_CHECKPOINT_SIGNATURE, "the checkpoint for entry seq "
                        + seq + ": its signature does not verify with the checkpoint certificate's key");
            }
            String invalid = trust.invalidAt(LedgerFormat.parseTime(checkpoint.time()));
            if (invalid != null) {
                return new LedgerProblem(line, ProblemKind.UNTRUSTED_CERTIFICATE, "the checkpoint for entry seq "
                        + seq + ": " + invalid + ", when it was signed");
            }
            lastCheckpoint = checkpoint;
            checkpoints++;
            return null;
        }

        /** Entries {@code from..to} should have come before {@code what}: later in the file, or nowhere? */
        private LedgerProblem missing(int line, String what, long from, long to) throws IOException {
            String range = from == to ? "entry seq " + from : "entries seq " + from + " to " + to;
            OptionalInt later = firstEntryLine(line, Integer.MAX_VALUE, from, to);
            if (later.isPresent()) {
                return new LedgerProblem(line, ProblemKind.REORDERED, what + " comes before " + range
                        + " (found later, at line " + later.getAsInt() + ")");
            }
            return new LedgerProblem(line, ProblemKind.REMOVED, range + " " + (from == to ? "is" : "are")
                    + " missing before " + what);
        }

        /** The first line after {@code after} and before {@code before} holding an entry with seq in range. */
        private OptionalInt firstEntryLine(int after, int before, long lowSeq, long highSeq) throws IOException {
            try (LedgerLines again = new LedgerLines(new BufferedInputStream(source.open(), 1 << 16))) {
                for (LedgerLines.Line line = again.next(); line != null && line.number() < before; line = again.next()) {
                    if (line.number() <= after || line.text() == null) {
                        continue;
                    }
                    try {
                        LedgerLine parsed = LedgerLine.parse(line.text());
                        if (parsed instanceof LedgerEntry) {
                            long seq = ((LedgerEntry) parsed).seq();
                            if (seq >= lowSeq && seq <= highSeq) {
                                return OptionalInt.of(line.number());
                            }
                        }
                    } catch (LedgerFormatException e) {
                        // a line that does not parse holds no seq to find; the check reports it when it gets there
                    }
                }
            }
            return OptionalInt.empty();
        }

        private LedgerLine parse(LedgerLines.Line line) {
            if (line.text() == null) {
                throw new LedgerFormatException("the line is " + line.problem());
            }
            if (!line.terminated()) {
                throw new LedgerFormatException("the last line does not end with a line feed: the file was cut off");
            }
            if (line.text().isEmpty()) {
                throw new LedgerFormatException("an empty line");
            }
            return LedgerLine.parse(line.text());
        }

        private VerificationReport problem(int line, ProblemKind kind, String message) {
            return report(new LedgerProblem(line, kind, message));
        }

        private VerificationReport report(LedgerProblem problem) {
            return new VerificationReport(problem, entries, checkpoints, lastCheckpoint,
                    trust == null ? null : trust.subject());
        }
    }
}
