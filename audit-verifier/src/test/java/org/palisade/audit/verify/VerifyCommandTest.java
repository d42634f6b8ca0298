// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.audit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {

    @TempDir
    Path dir;

    private final TestLedger ledger = TestLedger.of(12, 5);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return VerifyCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aValidLedgerExitsZeroAndSaysWhatIsUnprotected() throws Exception {
        Path file = ledger.write(dir.resolve("ledger.jsonl"));
        Path root = ledger.pki.writeRootPem(dir.resolve("root.pem"));

        int exit = run("verify", file.toString(), "--root", root.toString());

        assertThat(exit).isEqualTo(VerifyCommand.VALID);
        assertThat(out()).startsWith("VALID ").contains("entries: 12 (seq 1 to 12)")
                .contains("checkpoints: 2, signed by CN=audit-checkpoint")
                .contains("covered: entries 1 to 10")
                .contains("unprotected: 2 entries after the last checkpoint (seq 11 to 12)")
                .contains("cut off the end or rewritten");
        assertThat(err()).isEmpty();
    }

    @Test
    void theRootMayComeFirst() throws Exception {
        Path file = ledger.write(dir.resolve("ledger.jsonl"));
        Path root = ledger.pki.writeRootPem(dir.resolve("root.pem"));

        assertThat(run("verify", "--root", root.toString(), file.toString())).isEqualTo(VerifyCommand.VALID);
    }

    @Test
    void aTamperedLedgerExitsOneNamingTheLineAndKind() throws Exception {
        int line = ledger.lineOfEntry(8);
        ledger.set(line, ledger.get(line).replace("\"outcome\":\"success\"", "\"outcome\":\"refused\""));
        Path file = ledger.write(dir.resolve("ledger.jsonl"));
        Path root = ledger.pki.writeRootPem(dir.resolve("root.pem"));

        int exit = run("verify", file.toString(), "--root", root.toString());

        assertThat(exit).isEqualTo(VerifyCommand.INVALID);
        assertThat(out()).startsWith("INVALID ").contains("line " + line + ": modified: entry seq 8")
                .contains("verified before it: 7 entries, 1 checkpoint(s); covered: entries 1 to 5");
    }

    @Test
    void aWrongRootExitsOne() throws Exception {
        Path file = ledger.write(dir.resolve("ledger.jsonl"));
        Path root = TestPki.create().writeRootPem(dir.resolve("other-root.pem"));

        assertThat(run("verify", file.toString(), "--root", root.toString())).isEqualTo(VerifyCommand.INVALID);
        assertThat(out()).contains("line 1: untrusted-certificate:");
    }

    @Test
    void usageErrorsAndUnreadableFilesExitTwoWithoutAStackTrace() throws Exception {
        Path file = ledger.write(dir.resolve("ledger.jsonl"));
        Path root = ledger.pki.writeRootPem(dir.resolve("root.pem"));
        Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");

        assertThat(run()).isEqualTo(VerifyCommand.USAGE);
        assertThat(run("check", file.toString(), "--root", root.toString())).isEqualTo(VerifyCommand.USAGE);
        assertThat(run("verify", file.toString())).isEqualTo(VerifyCommand.USAGE);
        assertThat(run("verify", "--root", root.toString())).isEqualTo(VerifyCommand.USAGE);
        assertThat(run("verify", file.toString(), "--root", root.toString(), "--fast")).isEqualTo(VerifyCommand.USAGE);
        assertThat(run("verify", dir.resolve("missing.jsonl").toString(), "--root", root.toString()))
                .isEqualTo(VerifyCommand.USAGE);
        assertThat(run("verify", dir.toString(), "--root", root.toString())).isEqualTo(VerifyCommand.USAGE);
        assertThat(run("verify", file.toString(), "--root", notPem.toString())).isEqualTo(VerifyCommand.USAGE);
        assertThat(run("verify", file.toString(), "--root", dir.resolve("missing.pem").toString()))
                .isEqualTo(VerifyCommand.USAGE);

        assertThat(err()).contains("usage: java -jar palisade-audit-verifier.jar verify LEDGER.jsonl --root ROOT.pem")
                .contains("cannot read the ledger export").contains("no such file")
                .contains("not a PEM or DER X.509 certificate")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(out()).isEmpty();
    }
}
