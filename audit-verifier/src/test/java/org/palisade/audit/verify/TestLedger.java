// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.audit.verify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.palisade.audit.ledger.LedgerCheckpoint;
import org.palisade.audit.ledger.LedgerEntry;
import org.palisade.audit.ledger.LedgerFormat;
import org.palisade.audit.ledger.LedgerHeader;
import org.palisade.audit.ledger.LedgerLine;

/**
 * A ledger export built line by line the way the writer builds one, as a mutable list of lines that tests
 * tamper with. Line numbers are 1-based, as the verifier reports them.
 */
final class TestLedger {

    final TestPki pki;
    final List<String> lines = new ArrayList<>();
    private Instant time;
    private long seq;
    private String head = LedgerFormat.ZERO_HASH;

    TestLedger(TestPki pki, Instant start) {
        this.pki = pki;
        this.time = start;
        try {
            lines.add(LedgerHeader.of(pki.checkpointCertificate().getEncoded(), LedgerFormat.formatTime(start)).toJson());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code entries} entries, a checkpoint after every {@code every}-th. */
    static TestLedger of(int entries, int every) {
        TestLedger ledger = new TestLedger(TestPki.create(), Instant.now().minus(Duration.ofHours(1)));
        for (int i = 1; i <= entries; i++) {
            ledger.entry();
            if (i % every == 0) {
                ledger.checkpoint();
            }
        }
        return ledger;
    }

    TestLedger entry() {
        seq++;
        time = time.plusMillis(1500);
        LedgerEntry entry = LedgerEntry.chained(seq, LedgerFormat.formatTime(time), seq % 3 == 0 ? "device-ca" : "storage-kek",
                1 + (int) (seq % 2), seq % 3 == 0 ? "sign" : "dek-decrypt", "epoch-dek", "service:gateway",
                seq % 7 == 0 ? "failure" : "success", seq % 7 == 0 ? "tampered-ciphertext" : "", 1, head);
        head = entry.hash();
        lines.add(entry.toJson());
        return this;
    }

    TestLedger checkpoint() {
        time = time.plusMillis(10);
        String at = LedgerFormat.formatTime(time);
        lines.add(LedgerCheckpoint.signed(seq, at, head, pki.signCheckpoint(LedgerFormat.checkpointMessage(seq, head, at)))
                .toJson());
        return this;
    }

    int lineOfEntry(long entrySeq) {
        return lineOf(LedgerEntry.class, entrySeq);
    }

    int lineOfCheckpoint(long checkpointSeq) {
        return lineOf(LedgerCheckpoint.class, checkpointSeq);
    }

    private int lineOf(Class<? extends LedgerLine> type, long wanted) {
        for (int i = 1; i < lines.size(); i++) {
            LedgerLine line = LedgerLine.parse(lines.get(i));
            long lineSeq = line instanceof LedgerEntry ? ((LedgerEntry) line).seq()
                    : line instanceof LedgerCheckpoint ? ((LedgerCheckpoint) line).seq() : -1;
            if (type.isInstance(line) && lineSeq == wanted) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("no such line");
    }

    LedgerEntry entryAtLine(int line) {
        return (LedgerEntry) LedgerLine.parse(lines.get(line - 1));
    }

    LedgerCheckpoint checkpointAtLine(int line) {
        return (LedgerCheckpoint) LedgerLine.parse(lines.get(line - 1));
    }

    void set(int line, String text) {
        lines.set(line - 1, text);
    }

    String get(int line) {
        return lines.get(line - 1);
    }

    byte[] bytes() {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    Path write(Path file) throws IOException {
        Files.write(file, bytes());
        return file;
    }
}
