// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.ceremony;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palisade.audit.verify.LedgerVerifier;
import org.palisade.audit.verify.VerificationReport;
import org.palisade.deploy.hsm.SoftHsmToken;
import org.palisade.deploy.postgres.PostgresServer;
import org.palisade.deploy.stack.SecretFiles;
import org.palisade.deploy.testing.TestInfrastructure;
import org.palisade.hsm.custody.CustodyTestToken;
import org.palisade.hsm.ledger.LedgerDatabase;
import org.palisade.hsm.token.Pkcs11Token;

/**
 * The key ceremony as an operator runs it, against a real SoftHSM2 token and a real PostgreSQL ledger: keys
 * created once, refused a second time, rotated, the root exported, and the ledger export verifying offline.
 */
class CustodyCommandTest {

    @TempDir
    Path dir;

    private LedgerDatabase database;
    private Map<String, String> env;

    @BeforeEach
    void emptyTokenAndLedger() throws Exception {
        CustodyTestToken.removeOrganisationKeysAndClose(CustodyTestToken.openEmpty());
        database = new LedgerDatabase();
        Path passwordFile = dir.resolve("db.password");
        SecretFiles.write(passwordFile, TestInfrastructure.postgres().password());
        SoftHsmToken token = CustodyTestToken.softHsm();
        env = new HashMap<>();
        env.put(CustodySettings.LIBRARY, SoftHsmToken.library().toString());
        env.put(CustodySettings.TOKEN_LABEL, token.label());
        env.put(CustodySettings.PIN_FILE, token.userPinFile().toString());
        env.put(CustodySettings.JDBC_URL, database.url());
        env.put(CustodySettings.DB_USER, PostgresServer.USER);
        env.put(CustodySettings.DB_PASSWORD_FILE, passwordFile.toString());
        env.put("PALISADE_OPERATOR", "ceremony-tester");
    }

    @AfterEach
    void cleanUp() throws Exception {
        CustodyTestToken.removeOrganisationKeysAndClose(CustodyTestToken.openEmpty());
        database.close();
    }

    @Test
    void aCeremonyCreatesTheKeysOnceAndItsLedgerVerifiesOffline() throws Exception {
        assertThat(run("keys", "list").code).isEqualTo(CustodyCommand.NOT_INITIALISED);

        Result init = run("keys", "init");
        assertThat(init.code).isEqualTo(CustodyCommand.OK);
        assertThat(init.out).contains("device-ca", "audit-checkpoint", "storage-kek/1").containsPattern("[0-9a-f]{64}");

        Result again = run("keys", "init");
        assertThat(again.code).isEqualTo(CustodyCommand.KEYS_EXIST);
        assertThat(again.err).contains("exist already; nothing was changed");

        assertThat(run("keys", "rotate").out).contains("storage-kek/2 created");
        assertThat(run("keys", "list").out).contains("storage-kek/1", "storage-kek/2");

        Path rootFile = dir.resolve("org-root.pem");
        Result export = run("keys", "export-root", rootFile.toString());
        assertThat(export.code).isEqualTo(CustodyCommand.OK);
        X509Certificate root = certificate(rootFile);
        root.verify(root.getPublicKey());
        assertThat(export.out).contains(CustodyCommand.fingerprint(root));

        Path ledgerFile = dir.resolve("ledger.jsonl");
        assertThat(run("audit", "export", ledgerFile.toString()).code).isEqualTo(CustodyCommand.OK);
        List<String> lines = Files.readAllLines(ledgerFile);
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .contains("\"operation\":\"generate\"", "\"principal\":\"person:ceremony-tester\"", "\"outcome\":\"refused\""));
        VerificationReport report = new LedgerVerifier(root).verify(ledgerFile);
        assertThat(report.valid()).as(String.valueOf(report.firstProblem())).isTrue();
        assertThat(report.checkpoints()).isPositive();

        int edited = lines.indexOf(lines.stream().filter(l -> l.contains("\"operation\":\"rotate\"")).findFirst().orElseThrow());
        lines.set(edited, lines.get(edited).replace("\"outcome\":\"success\"", "\"outcome\":\"failure\""));
        Files.write(ledgerFile, lines);
        VerificationReport tampered = new LedgerVerifier(root).verify(ledgerFile);
        assertThat(tampered.valid()).isFalse();
        assertThat(tampered.firstProblem().orElseThrow().line()).isEqualTo(edited + 1);
    }

    @Test
    void withoutItsLedgerTheCeremonyRefusesAndLeavesNoKey() throws Exception {
        env.put(CustodySettings.JDBC_URL, "jdbc:postgresql://localhost:1/palisade?connectTimeout=2");

        Result init = run("keys", "init");

        assertThat(init.code).isEqualTo(CustodyCommand.FAILED);
        assertThat(init.err).doesNotContain("Exception");
        Pkcs11Token token = CustodyTestToken.openEmpty();
        try {
            assertThat(java.util.Collections.list(token.keyStore().aliases()))
                    .noneMatch(alias -> alias.equals("device-ca") || alias.startsWith("storage-kek/"));
        } finally {
            token.close();
        }
    }

    @Test
    void usageAndConfigurationErrorsAreClear() {
        assertThat(run().code).isEqualTo(CustodyCommand.USAGE);
        assertThat(run("keys", "destroy-everything").err).contains("usage: keys init");
        env.remove(CustodySettings.PIN_FILE);
        Result missing = run("keys", "list");
        assertThat(missing.code).isEqualTo(CustodyCommand.USAGE);
        assertThat(missing.err).contains(CustodySettings.PIN_FILE);
    }

    private Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CustodyCommand.run(List.of(args), env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static X509Certificate certificate(Path pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem)));
    }

    private record Result(int code, String out, String err) {
    }
}
