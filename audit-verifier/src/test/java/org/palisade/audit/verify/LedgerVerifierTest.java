// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.audit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.palisade.audit.ledger.LedgerCheckpoint;
import org.palisade.audit.ledger.LedgerEntry;
import org.palisade.audit.ledger.LedgerFormat;

class LedgerVerifierTest {

    /** 22 entries, checkpoints after 5, 10, 15 and 20: two entries trail the last checkpoint. */
    private final TestLedger ledger = TestLedger.of(22, 5);

    private VerificationReport verify() throws Exception {
        return new LedgerVerifier(ledger.pki.root()).verify(ledger.bytes());
    }

    private void assertProblem(int line, ProblemKind kind) throws Exception {
        VerificationReport report = verify();
        assertThat(report.valid()).isFalse();
        assertThat(report.problem().kind()).as(report.problem().toString()).isEqualTo(kind);
        assertThat(report.problem().line()).as(report.problem().toString()).isEqualTo(line);
    }

    @Test
    void anUntouchedLedgerVerifies() throws Exception {
        VerificationReport report = verify();

        assertThat(report.firstProblem()).isEmpty();
        assertThat(report.entries()).isEqualTo(22);
        assertThat(report.checkpoints()).isEqualTo(4);
        assertThat(report.coveredEntries()).isEqualTo(20);
        assertThat(report.unprotectedEntries()).isEqualTo(2);
        assertThat(report.checkpointSubject()).contains("CN=audit-checkpoint");
    }

    @Test
    void aLedgerWithOnlyAHeaderIsValidAndEmpty() throws Exception {
        TestLedger empty = new TestLedger(TestPki.create(), Instant.now());

        VerificationReport report = new LedgerVerifier(empty.pki.root()).verify(empty.bytes());

        assertThat(report.valid()).isTrue();
        assertThat(report.entries()).isZero();
        assertThat(report.coveredEntries()).isZero();
    }

    @Test
    void anEditedFieldIsReportedAsModifiedOnItsLine() throws Exception {
        int line = ledger.lineOfEntry(7);
        ledger.set(line, ledger.get(line).replace("\"principal\":\"service:gateway\"", "\"principal\":\"person:mallory\""));

        assertProblem(line, ProblemKind.MODIFIED);
        assertThat(verify().problem().message()).contains("entry seq 7");
    }

    @Test
    void anEditedSeqIsReportedAsModified() throws Exception {
        int line = ledger.lineOfEntry(12);
        ledger.set(line, ledger.get(line).replace("\"seq\":12,", "\"seq\":13,"));

        assertProblem(line, ProblemKind.MODIFIED);
    }

    @Test
    void aDeletedEntryIsReportedAsRemovedWhereItWas() throws Exception {
        int line = ledger.lineOfEntry(8);
        ledger.lines.remove(line - 1);

        assertProblem(line, ProblemKind.REMOVED);
        assertThat(verify().problem().message()).contains("entry seq 8 is missing");
    }

    @Test
    void theEntryBeforeACheckpointDeletedIsReportedAsRemovedAtTheCheckpoint() throws Exception {
        int line = ledger.lineOfEntry(10);
        ledger.lines.remove(line - 1);

        assertProblem(line, ProblemKind.REMOVED);
    }

    @Test
    void theFirstEntryDeletedIsReportedAsRemoved() throws Exception {
        ledger.lines.remove(1);

        assertProblem(2, ProblemKind.REMOVED);
        assertThat(verify().problem().message()).contains("entry seq 1 is missing");
    }

    @Test
    void aCopiedLineInsertedAfterItsOriginalIsReportedAsInserted() throws Exception {
        String copy = ledger.get(ledger.lineOfEntry(7));
        int at = ledger.lineOfEntry(9) + 1;
        ledger.lines.add(at - 1, copy);

        assertProblem(at, ProblemKind.INSERTED);
        assertThat(verify().problem().message()).contains("entry seq 7 appears a second time (first at line "
                + ledger.lineOfEntry(7) + ")");
    }

    @Test
    void aCopiedLineInsertedBeforeItsOriginalIsReportedAsInserted() throws Exception {
        String copy = ledger.get(ledger.lineOfEntry(12));
        int at = ledger.lineOfEntry(3) + 1;
        ledger.lines.add(at - 1, copy);

        assertProblem(at, ProblemKind.INSERTED);
    }

    @Test
    void aForgedEntryInsertedWithTheNextSeqIsCaughtAtTheDuplicate() throws Exception {
        LedgerEntry before = ledger.entryAtLine(ledger.lineOfEntry(16));
        LedgerEntry forged = LedgerEntry.chained(17, before.time(), "device-ca", 1, "sign", "device-certificate",
                "person:mallory", "success", "", 1, before.hash());
        int at = ledger.lineOfEntry(17);
        ledger.lines.add(at - 1, forged.toJson());

        assertProblem(at + 1, ProblemKind.INSERTED);
    }

    @Test
    void twoSwappedEntriesAreReportedAsReordered() throws Exception {
        int first = ledger.lineOfEntry(7);
        String seven = ledger.get(first);
        ledger.set(first, ledger.get(first + 1));
        ledger.set(first + 1, seven);

        assertProblem(first, ProblemKind.REORDERED);
        assertThat(verify().problem().message()).contains("entry seq 8 comes before entry seq 7");
    }

    @Test
    void aCheckpointSwappedWithTheNextEntryIsReportedAsReordered() throws Exception {
        int checkpoint = ledger.lineOfCheckpoint(10);
        String line = ledger.get(checkpoint);
        ledger.set(checkpoint, ledger.get(checkpoint + 1));
        ledger.set(checkpoint + 1, line);

        assertProblem(checkpoint + 1, ProblemKind.REORDERED);
    }

    @Test
    void aChangedCheckpointSignatureIsReported() throws Exception {
        int line = ledger.lineOfCheckpoint(10);
        LedgerCheckpoint checkpoint = ledger.checkpointAtLine(line);
        byte[] signature = checkpoint.signatureDer();
        signature[signature.length - 1] ^= 0x01;
        ledger.set(line, new LedgerCheckpoint(checkpoint.seq(), checkpoint.time(), checkpoint.head(),
                Base64.getEncoder().encodeToString(signature)).toJson());

        assertProblem(line, ProblemKind.BAD_CHECKPOINT_SIGNATURE);
    }

    @Test
    void anotherCheckpointsSignatureIsReported() throws Exception {
        int line = ledger.lineOfCheckpoint(10);
        LedgerCheckpoint checkpoint = ledger.checkpointAtLine(line);
        LedgerCheckpoint other = ledger.checkpointAtLine(ledger.lineOfCheckpoint(5));
        ledger.set(line, new LedgerCheckpoint(checkpoint.seq(), checkpoint.time(), checkpoint.head(), other.signature())
                .toJson());

        assertProblem(line, ProblemKind.BAD_CHECKPOINT_SIGNATURE);
    }

    @Test
    void aChangedCheckpointTimeBreaksItsSignature() throws Exception {
        int line = ledger.lineOfCheckpoint(15);
        LedgerCheckpoint checkpoint = ledger.checkpointAtLine(line);
        ledger.set(line, new LedgerCheckpoint(checkpoint.seq(),
                LedgerFormat.formatTime(LedgerFormat.parseTime(checkpoint.time()).plusSeconds(1)), checkpoint.head(),
                checkpoint.signature()).toJson());

        assertProblem(line, ProblemKind.BAD_CHECKPOINT_SIGNATURE);
    }

    @Test
    void aChangedCheckpointHeadIsReported() throws Exception {
        int line = ledger.lineOfCheckpoint(10);
        LedgerCheckpoint checkpoint = ledger.checkpointAtLine(line);
        String otherHash = ledger.entryAtLine(ledger.lineOfEntry(9)).hash();
        ledger.set(line, new LedgerCheckpoint(checkpoint.seq(), checkpoint.time(), otherHash, checkpoint.signature())
                .toJson());

        assertProblem(line, ProblemKind.CHECKPOINT_HEAD_MISMATCH);
    }

    @Test
    void entriesRewrittenWithRecomputedHashesAreCaughtByTheNextCheckpoint() throws Exception {
        rewriteFrom(12, "person:mallory");

        assertProblem(ledger.lineOfCheckpoint(15), ProblemKind.CHECKPOINT_HEAD_MISMATCH);
    }

    @Test
    void entriesAfterTheLastCheckpointCanBeRewrittenUndetected() throws Exception {
        rewriteFrom(21, "person:mallory");

        VerificationReport report = verify();
        assertThat(report.valid()).as("the documented limit: trailing entries are unprotected").isTrue();
        assertThat(report.unprotectedEntries()).isEqualTo(2);
    }

    @Test
    void oneEntryRehashedAloneBreaksTheLinkToIt() throws Exception {
        int line = ledger.lineOfEntry(7);
        LedgerEntry entry = ledger.entryAtLine(line);
        ledger.set(line, LedgerEntry.chained(entry.seq(), entry.time(), entry.key(), entry.version(), entry.operation(),
                entry.purpose(), "person:mallory", entry.outcome(), entry.detail(), entry.count(), entry.prev()).toJson());

        assertProblem(line + 1, ProblemKind.BROKEN_LINK);
    }

    @Test
    void aFileTruncatedRightAfterACheckpointVerifiesWithEverythingCovered() throws Exception {
        ledger.lines.subList(ledger.lineOfCheckpoint(15), ledger.lines.size()).clear();

        VerificationReport report = verify();
        assertThat(report.valid()).as("truncation at a checkpoint cannot be seen").isTrue();
        assertThat(report.entries()).isEqualTo(15);
        assertThat(report.coveredEntries()).isEqualTo(15);
        assertThat(report.unprotectedEntries()).isZero();
    }

    @Test
    void aFileTruncatedAfterACheckpointReportsTheUnprotectedTail() throws Exception {
        ledger.lines.subList(ledger.lineOfEntry(17), ledger.lines.size()).clear();

        VerificationReport report = verify();
        assertThat(report.valid()).isTrue();
        assertThat(report.entries()).isEqualTo(17);
        assertThat(report.coveredEntries()).isEqualTo(15);
        assertThat(report.unprotectedEntries()).isEqualTo(2);
    }

    @Test
    void aFileCutInTheMiddleOfALineIsMalformed() throws Exception {
        byte[] bytes = ledger.bytes();
        byte[] cut = Arrays.copyOf(bytes, bytes.length - 40);

        VerificationReport report = new LedgerVerifier(ledger.pki.root()).verify(cut);

        assertThat(report.problem().kind()).isEqualTo(ProblemKind.MALFORMED);
        assertThat(report.problem().line()).isEqualTo(ledger.lines.size());
        assertThat(report.problem().message()).contains("cut off");
    }

    @Test
    void aWrongRootIsReportedOnTheHeader() throws Exception {
        VerificationReport report = new LedgerVerifier(TestPki.create().root()).verify(ledger.bytes());

        assertThat(report.problem().kind()).isEqualTo(ProblemKind.UNTRUSTED_CERTIFICATE);
        assertThat(report.problem().line()).isEqualTo(1);
        assertThat(report.checkpointSubject()).isNull();
    }

    @Test
    void aRootThatIsNotACaIsRefused() throws Exception {
        TestPki pki = TestPki.create(Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(1)),
                KeyUsage.digitalSignature, false);
        TestLedger notCa = new TestLedger(pki, Instant.now()).entry().checkpoint();

        VerificationReport report = new LedgerVerifier(pki.root()).verify(notCa.bytes());

        assertThat(report.problem().kind()).isEqualTo(ProblemKind.UNTRUSTED_CERTIFICATE);
        assertThat(report.problem().message()).contains("not a CA");
    }

    @Test
    void aCheckpointCertificateWithoutDigitalSignatureUsageIsRefused() throws Exception {
        TestPki pki = TestPki.create(Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(1)),
                KeyUsage.keyEncipherment, true);
        TestLedger wrongUsage = new TestLedger(pki, Instant.now()).entry().checkpoint();

        VerificationReport report = new LedgerVerifier(pki.root()).verify(wrongUsage.bytes());

        assertThat(report.problem().kind()).isEqualTo(ProblemKind.UNTRUSTED_CERTIFICATE);
        assertThat(report.problem().message()).contains("digital signatures");
    }

    @Test
    void aCheckpointSignedAfterTheCertificateExpiredIsRefused() throws Exception {
        Instant start = Instant.now().minus(Duration.ofDays(10));
        TestPki pki = TestPki.create(start.minus(Duration.ofDays(1)), start.plus(Duration.ofMinutes(1)),
                KeyUsage.digitalSignature, true);
        TestLedger ledger = new TestLedger(pki, start).entry().checkpoint();
        for (int i = 0; i < 100; i++) {
            ledger.entry();
        }
        ledger.checkpoint();

        VerificationReport report = new LedgerVerifier(pki.root()).verify(ledger.bytes());

        assertThat(report.problem().kind()).isEqualTo(ProblemKind.UNTRUSTED_CERTIFICATE);
        assertThat(report.problem().line()).isEqualTo(ledger.lineOfCheckpoint(101));
        assertThat(report.coveredEntries()).as("the checkpoint made while it was valid still counts").isEqualTo(1);
    }

    @Test
    void aDuplicatedCheckpointIsReportedAsInserted() throws Exception {
        int line = ledger.lineOfCheckpoint(10);
        ledger.lines.add(line, ledger.get(line));

        assertProblem(line + 1, ProblemKind.INSERTED);
    }

    @Test
    void aDeletedCheckpointIsNotAnErrorButCoversLess() throws Exception {
        ledger.lines.remove(ledger.lineOfCheckpoint(20) - 1);

        VerificationReport report = verify();
        assertThat(report.valid()).isTrue();
        assertThat(report.coveredEntries()).isEqualTo(15);
        assertThat(report.unprotectedEntries()).isEqualTo(7);
    }

    @Test
    void malformedLinesAreReportedWithTheirLineNumberAndWhy() throws Exception {
        int line = ledger.lineOfEntry(4);
        String original = ledger.get(line);

        ledger.set(line, "{\"type\":\"entry\",");
        assertProblem(line, ProblemKind.MALFORMED);

        ledger.set(line, original.replace("\"count\":1", "\"count\":\"1\""));
        assertProblem(line, ProblemKind.MALFORMED);
        assertThat(verify().problem().message()).contains("\"count\"").contains("integer");

        ledger.set(line, original.replace("\"count\":1", "\"count\":1,\"count\":1"));
        assertThat(verify().problem().message()).contains("duplicate key \"count\"");

        ledger.set(line, original.replace("\"count\":1", "\"count\":1,\"note\":\"x\""));
        assertThat(verify().problem().message()).contains("unknown field \"note\"");

        ledger.set(line, original.replace(",\"count\":1", ""));
        assertThat(verify().problem().message()).contains("missing field \"count\"");

        ledger.set(line, "");
        assertThat(verify().problem().message()).contains("empty line");
        assertThat(verify().problem().line()).isEqualTo(line);
    }

    @Test
    void aMissingOrForeignHeaderIsMalformed() throws Exception {
        ledger.lines.remove(0);
        assertProblem(1, ProblemKind.MALFORMED);
        assertThat(verify().problem().message()).contains("must be the header");

        ledger.lines.add(0, "{\"type\":\"header\",\"format\":\"palisade-custody-ledger/2\",\"certificate\":\"AA==\","
                + "\"exported\":\"2025-01-01T00:00:00.000Z\"}");
        assertProblem(1, ProblemKind.MALFORMED);
        assertThat(verify().problem().message()).contains("unsupported format");
    }

    @Test
    void anEmptyFileIsMalformed() throws Exception {
        VerificationReport report = new LedgerVerifier(ledger.pki.root()).verify(new byte[0]);

        assertThat(report.problem().kind()).isEqualTo(ProblemKind.MALFORMED);
        assertThat(report.problem().message()).contains("empty");
    }

    @Test
    void invalidUtf8IsMalformed() throws Exception {
        byte[] bytes = ledger.bytes();
        int second = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf('\n') + 5;
        bytes[second] = (byte) 0xff;

        VerificationReport report = new LedgerVerifier(ledger.pki.root()).verify(bytes);

        assertThat(report.problem().line()).isEqualTo(2);
        assertThat(report.problem().message()).contains("UTF-8");
    }

    /** Rewrites every entry from {@code seq} on with another principal, recomputing hashes, as a forger can. */
    private void rewriteFrom(long seq, String principal) {
        String prev = ledger.entryAtLine(ledger.lineOfEntry(seq)).prev();
        for (int line = ledger.lineOfEntry(seq); line <= ledger.lines.size(); line++) {
            if (!ledger.get(line).startsWith("{\"type\":\"entry\"")) {
                continue;
            }
            LedgerEntry entry = ledger.entryAtLine(line);
            LedgerEntry forged = LedgerEntry.chained(entry.seq(), entry.time(), entry.key(), entry.version(),
                    entry.operation(), entry.purpose(), principal, entry.outcome(), entry.detail(), entry.count(), prev);
            ledger.set(line, forged.toJson());
            prev = forged.hash();
        }
    }
}
