// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.audit.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palisade.audit.ledger.LedgerCheckpoint;

/**
 * Runs the openssl recipe from docs/custody-ledger.md, as written there, on an export: the documented commands
 * accept a genuine checkpoint and refuse a forged one, so the doc cannot go stale.
 */
class OpensslCheckpointTest {

    private static final String MARKER = "run by audit-verifier's OpensslCheckpointTest";

    @TempDir
    Path dir;

    private String script;
    private final TestLedger ledger = TestLedger.of(9, 4);

    @BeforeEach
    void readRecipe() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")) || onPath("openssl"), "openssl is not installed");
        script = documentedScript(Files.readAllLines(docs().resolve("custody-ledger.md"), StandardCharsets.UTF_8));
        ledger.pki.writeRootPem(dir.resolve("root.pem"));
    }

    @Test
    void theDocumentedCommandsVerifyAGenuineCheckpoint() throws Exception {
        ledger.write(dir.resolve("ledger.jsonl"));

        Result result = runScript();

        assertThat(result.exit).as(result.output).isZero();
        assertThat(result.output).contains("checkpoint.pem: OK").contains("Verified OK").contains("head matches entry 8");
    }

    @Test
    void theDocumentedCommandsRefuseAForgedSignature() throws Exception {
        int line = ledger.lineOfCheckpoint(8);
        LedgerCheckpoint checkpoint = ledger.checkpointAtLine(line);
        byte[] signature = checkpoint.signatureDer();
        signature[signature.length - 1] ^= 0x01;
        ledger.set(line, new LedgerCheckpoint(checkpoint.seq(), checkpoint.time(), checkpoint.head(),
                Base64.getEncoder().encodeToString(signature)).toJson());
        ledger.write(dir.resolve("ledger.jsonl"));

        Result result = runScript();

        assertThat(result.exit).isNotZero();
        assertThat(result.output).contains("checkpoint.pem: OK").contains("Verification failure")
                .doesNotContain("Verified OK");
    }

    @Test
    void theDocumentedCommandsRefuseACertificateFromAnotherRoot() throws Exception {
        ledger.write(dir.resolve("ledger.jsonl"));
        TestPki.create().writeRootPem(dir.resolve("root.pem"));

        Result result = runScript();

        assertThat(result.exit).isNotZero();
        assertThat(result.output).doesNotContain("checkpoint.pem: OK");
    }

    @Test
    void theDocumentedCommandsNoticeAHeadThatIsNotTheEntrysHash() throws Exception {
        int line = ledger.lineOfEntry(8);
        ledger.set(line, ledger.get(line).replace("\"purpose\":\"epoch-dek\"", "\"purpose\":\"epoch-dek2\""));
        ledger.write(dir.resolve("ledger.jsonl"));

        Result result = runScript();

        assertThat(result.exit).isNotZero();
        assertThat(result.output).contains("Verified OK").contains("head does NOT match entry 8");
    }

    private record Result(int exit, String output) {
    }

    private Result runScript() throws Exception {
        Process process = new ProcessBuilder("bash", "-e", "-u", "-o", "pipefail", "-c", script)
                .directory(dir.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private static String documentedScript(List<String> doc) {
        int marker = -1;
        for (int i = 0; i < doc.size(); i++) {
            if (doc.get(i).contains(MARKER)) {
                marker = i;
            }
        }
        assertThat(marker).as("the recipe's marker in docs/custody-ledger.md").isNotNegative();
        assertThat(doc.get(marker + 1)).isEqualTo("```sh");
        StringBuilder script = new StringBuilder();
        for (int i = marker + 2; !doc.get(i).equals("```"); i++) {
            script.append(doc.get(i)).append('\n');
        }
        return script.toString();
    }

    /** The repository's docs folder: the build passes the repository root, else walk up from here. */
    private static Path docs() {
        String repo = System.getProperty("palisade.repo");
        if (repo != null && Files.isDirectory(Path.of(repo, "docs"))) {
            return Path.of(repo, "docs");
        }
        for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
            if (Files.exists(at.resolve("docs/custody-ledger.md"))) {
                return at.resolve("docs");
            }
        }
        throw new IllegalStateException("docs/custody-ledger.md not found");
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null && List.of(path.split(":")).stream().anyMatch(p -> Files.isExecutable(Path.of(p, command)));
    }
}
