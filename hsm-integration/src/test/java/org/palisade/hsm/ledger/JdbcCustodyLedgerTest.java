// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.palisade.audit.ledger.LedgerCheckpoint;
import org.palisade.audit.ledger.LedgerEntry;
import org.palisade.audit.ledger.LedgerLine;
import org.palisade.audit.verify.LedgerVerifier;
import org.palisade.audit.verify.ProblemKind;
import org.palisade.audit.verify.VerificationReport;
import org.postgresql.ds.PGSimpleDataSource;
import org.palisade.hsm.testing.MutableClock;

/** Against the test run's real PostgreSQL, each test in a schema of its own. */
class JdbcCustodyLedgerTest {

    private LedgerDatabase database;
    private final SoftwareCheckpointSigner signer = new SoftwareCheckpointSigner();

    @BeforeEach
    void freshSchema() throws SQLException {
        database = new LedgerDatabase();
    }

    @AfterEach
    void dropSchema() throws SQLException {
        database.close();
    }

    private JdbcCustodyLedger ledger(int checkpointEvery) {
        return new JdbcCustodyLedger(database.dataSource(), Clock.systemUTC(), signer, checkpointEvery);
    }

    private static CustodyEvent event(String principal, int n) {
        return CustodyEvent.of(n % 2 == 0 ? "storage-kek" : "device-ca", 1, n % 2 == 0 ? Operation.DEK_DECRYPT : Operation.SIGN,
                "epoch-dek", Principal.service(principal), n % 11 == 0 ? Outcome.FAILURE : Outcome.SUCCESS,
                n % 11 == 0 ? "tampered-ciphertext" : "");
    }

    private String export(JdbcCustodyLedger ledger) throws Exception {
        StringWriter out = new StringWriter();
        ledger.export(out);
        return out.toString();
    }

    private VerificationReport verify(String export) throws Exception {
        return new LedgerVerifier(signer.root()).verify(export.getBytes(StandardCharsets.UTF_8));
    }

    private static List<LedgerLine> lines(String export) {
        return export.lines().skip(1).map(LedgerLine::parse).collect(Collectors.toList());
    }

    private static List<Long> checkpointSeqs(String export) {
        return lines(export).stream().filter(LedgerCheckpoint.class::isInstance)
                .map(line -> ((LedgerCheckpoint) line).seq()).collect(Collectors.toList());
    }

    @Test
    void appendsFromEightThreadsOnTwoGatewaysAreAllThereContiguousAndChained() throws Exception {
        // two instances stand for two gateways sharing the database: the lock is PostgreSQL's, not the JVM's
        List<JdbcCustodyLedger> gateways = List.of(ledger(25), ledger(25));
        int threads = 8;
        int perThread = 60;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Void>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                JdbcCustodyLedger gateway = gateways.get(t % 2);
                String principal = "worker-" + t;
                work.add(() -> {
                    for (int i = 0; i < perThread; i++) {
                        gateway.append(event(principal, i));
                    }
                    return null;
                });
            }
            for (Future<Void> done : pool.invokeAll(work)) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }

        String export = export(gateways.get(0));
        List<LedgerEntry> entries = lines(export).stream().filter(LedgerEntry.class::isInstance)
                .map(LedgerEntry.class::cast).collect(Collectors.toList());
        assertThat(entries).hasSize(threads * perThread);
        for (int i = 0; i < entries.size(); i++) {
            assertThat(entries.get(i).seq()).isEqualTo(i + 1);
        }
        Map<String, Long> perPrincipal = entries.stream()
                .collect(Collectors.groupingBy(LedgerEntry::principal, Collectors.counting()));
        assertThat(perPrincipal).hasSize(threads).allSatisfy((principal, count) -> assertThat(count).isEqualTo(perThread));

        VerificationReport report = verify(export);
        assertThat(report.firstProblem()).isEmpty();
        assertThat(report.entries()).isEqualTo(threads * perThread);
        assertThat(report.checkpoints()).as("a checkpoint about every 25 of 480 entries").isGreaterThanOrEqualTo(8);
        assertThat(report.unprotectedEntries()).isLessThan(25 + threads);
    }

    @Test
    void checkpointsAppearEveryNEntries() throws Exception {
        JdbcCustodyLedger ledger = ledger(5);
        for (int i = 0; i < 17; i++) {
            ledger.append(event("gateway", i));
        }

        String export = export(ledger);

        assertThat(checkpointSeqs(export)).containsExactly(5L, 10L, 15L);
        VerificationReport report = verify(export);
        assertThat(report.valid()).isTrue();
        assertThat(report.coveredEntries()).isEqualTo(15);
        assertThat(report.unprotectedEntries()).isEqualTo(2);
    }

    @Test
    void aSignerThatRecordsItsOwnUseNeitherRecursesNorDeadlocksOnAPoolOfOne() throws Exception {
        try (TestPool poolOfOne = new TestPool(database.unpooled, 1)) {
            JdbcCustodyLedger ledger = new JdbcCustodyLedger(poolOfOne, Clock.systemUTC(), signer, 5);
            signer.recordingIn(ledger);

            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                for (int i = 0; i < 12; i++) {
                    ledger.append(event("gateway", i));
                }
            });

            String export = export(ledger);
            assertThat(checkpointSeqs(export)).containsExactly(5L, 10L);
            assertThat(signer.signatures()).isEqualTo(2);
            List<LedgerEntry> signing = lines(export).stream().filter(LedgerEntry.class::isInstance)
                    .map(LedgerEntry.class::cast).filter(entry -> entry.purpose().equals("ledger-checkpoint"))
                    .collect(Collectors.toList());
            assertThat(signing).extracting(LedgerEntry::seq).containsExactly(6L, 11L);
            assertThat(signing).allSatisfy(entry -> assertThat(entry.key()).isEqualTo("audit-checkpoint"));
            assertThat(verify(export).valid()).isTrue();
        }
    }

    @Test
    void checkpointIfDueSignsWhenTheLastCheckpointIsOldEnoughAndSkipsWhenNothingIsNew() throws Exception {
        MutableClock clock = new MutableClock(Instant.now().minus(Duration.ofHours(1)));
        JdbcCustodyLedger ledger = new JdbcCustodyLedger(database.dataSource(), clock, signer, 1000);
        Duration maxAge = Duration.ofSeconds(60);

        assertThat(ledger.checkpointIfDue(maxAge)).as("an empty ledger has nothing to sign").isEmpty();
        for (int i = 0; i < 3; i++) {
            ledger.append(event("gateway", i));
        }
        assertThat(ledger.checkpointIfDue(maxAge)).map(LedgerCheckpoint::seq).contains(3L);
        assertThat(ledger.checkpointIfDue(maxAge)).as("nothing new").isEmpty();

        clock.advance(Duration.ofSeconds(10));
        ledger.append(event("gateway", 3));
        assertThat(ledger.checkpointIfDue(maxAge)).as("the last checkpoint is only 10 s old").isEmpty();

        clock.advance(Duration.ofSeconds(50));
        Optional<LedgerCheckpoint> made = ledger.checkpointIfDue(maxAge);
        assertThat(made).map(LedgerCheckpoint::seq).contains(4L);

        clock.advance(Duration.ofMinutes(10));
        assertThat(ledger.checkpointIfDue(maxAge)).as("old, but nothing new").isEmpty();
        assertThat(signer.signatures()).isEqualTo(2);
        assertThat(verify(export(ledger)).coveredEntries()).isEqualTo(4);
    }

    @Test
    void theDatabaseRefusesUpdateDeleteAndTruncateOfLedgerRows() throws Exception {
        JdbcCustodyLedger ledger = ledger(2);
        for (int i = 0; i < 4; i++) {
            ledger.append(event("gateway", i));
        }
        String before = export(ledger).lines().skip(1).collect(Collectors.joining("\n"));

        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            for (String change : List.of(
                    "update custody_ledger_entries set line = 'x' where seq = 2",
                    "delete from custody_ledger_entries where seq = 4",
                    "truncate custody_ledger_entries cascade",
                    "update custody_ledger_checkpoints set line = 'x'",
                    "delete from custody_ledger_checkpoints",
                    "truncate custody_ledger_checkpoints")) {
                assertThatThrownBy(() -> statement.execute(change)).as(change).isInstanceOf(SQLException.class)
                        .hasMessageContaining("the custody ledger is append-only");
            }
        }

        assertThat(export(ledger).lines().skip(1).collect(Collectors.joining("\n"))).isEqualTo(before);
    }

    @Test
    void aRoleWithOnlySelectAndInsertRunsTheLedgerOnceTheTablesExist() throws Exception {
        ledger(100).append(event("key-ceremony", 1)); // the tables' owner creates them
        String role = "ledger_app_" + database.schema.substring("ledger_".length());
        String password = UUID.randomUUID().toString();
        try (Connection owner = database.connect(); Statement statement = owner.createStatement()) {
            statement.execute("create role " + role + " login password '" + password + "'");
            statement.execute("grant usage on schema " + database.schema + " to " + role);
            statement.execute("grant select, insert on custody_ledger_entries, custody_ledger_checkpoints to " + role);
        }
        try {
            JdbcCustodyLedger gateway = new JdbcCustodyLedger(database.as(role, password), Clock.systemUTC(), signer, 3);
            for (int i = 0; i < 4; i++) {
                gateway.append(event("gateway", i));
            }
            assertThat(gateway.checkpointIfDue(Duration.ZERO)).map(LedgerCheckpoint::seq).contains(5L);
            VerificationReport report = verify(export(gateway));
            assertThat(report.valid()).isTrue();
            assertThat(report.entries()).isEqualTo(5);
            assertThat(report.checkpoints()).isEqualTo(2);

            try (Connection connection = database.as(role, password).getConnection();
                    Statement statement = connection.createStatement()) {
                assertThatThrownBy(() -> statement.execute("alter table custody_ledger_entries disable trigger user"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("must be owner");
                assertThatThrownBy(() -> statement.execute("update custody_ledger_entries set line = 'x'"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            }
        } finally {
            try (Connection admin = database.connect(); Statement statement = admin.createStatement()) {
                statement.execute("drop owned by " + role); // its grants, so that the role can go
                statement.execute("drop role " + role);
            }
        }
    }

    @Test
    void aRowChangedBehindTheTriggersBackShowsInTheExport() throws Exception {
        JdbcCustodyLedger ledger = ledger(3);
        for (int i = 0; i < 7; i++) {
            ledger.append(event("gateway", i));
        }
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            // what the documented limit allows a superuser or the tables' owner
            statement.execute("alter table custody_ledger_entries disable trigger user");
            statement.execute("update custody_ledger_entries set line = replace(line, 'service:gateway', 'person:mallory')"
                    + " where seq = 2");
        }

        String export = export(ledger);
        VerificationReport report = verify(export);

        assertThat(report.problem().kind()).isEqualTo(ProblemKind.MODIFIED);
        assertThat(report.problem().line()).isEqualTo(3);
    }

    @Test
    void anExportVerifiesAndATamperedExportFails() throws Exception {
        JdbcCustodyLedger ledger = ledger(4);
        for (int i = 0; i < 10; i++) {
            ledger.append(event(i % 3 == 0 ? "key-ceremony" : "gateway", i));
        }
        ledger.append(CustodyEvent.of("storage-kek", 2, Operation.ROTATE, "rotation", Principal.person("alice@example.org"),
                Outcome.REFUSED, "key-exists"));
        String export = export(ledger);

        VerificationReport report = verify(export);
        assertThat(report.valid()).isTrue();
        assertThat(report.entries()).isEqualTo(11);
        assertThat(report.coveredEntries()).isEqualTo(8);
        assertThat(export.lines().findFirst().orElseThrow()).startsWith("{\"type\":\"header\",\"format\":\"palisade-custody-ledger/1\"");

        String tampered = export.replace("\"principal\":\"person:alice@example.org\"", "\"principal\":\"person:bob\"");
        VerificationReport tamperedReport = verify(tampered);
        assertThat(tamperedReport.problem().kind()).isEqualTo(ProblemKind.MODIFIED);
        assertThat(tamperedReport.problem().line()).isEqualTo(export.lines().count());

        List<String> withoutOne = new ArrayList<>(export.lines().collect(Collectors.toList()));
        withoutOne.remove(2); // entry seq 2, on line 3
        VerificationReport removed = verify(String.join("\n", withoutOne) + "\n");
        assertThat(removed.problem().kind()).isEqualTo(ProblemKind.REMOVED);
        assertThat(removed.problem().line()).isEqualTo(3);
    }

    @Test
    void anEventOutsideTheFormatIsABugAndLeavesTheLedgerUsable() throws Exception {
        JdbcCustodyLedger ledger = ledger(10);
        ledger.append(event("gateway", 1));

        assertThatThrownBy(() -> ledger.append(CustodyEvent.of("device-ca", 1, Operation.SIGN, "line\nbreak",
                Principal.service("gateway"), Outcome.SUCCESS, ""))).isInstanceOf(IllegalArgumentException.class);
        ledger.append(event("gateway", 2));

        VerificationReport report = verify(export(ledger));
        assertThat(report.valid()).isTrue();
        assertThat(report.entries()).isEqualTo(2);
    }

    @Test
    void anUnreachableDatabaseMakesTheLedgerUnavailableWithoutLeakingDetails() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        PGSimpleDataSource unreachable = new PGSimpleDataSource();
        unreachable.setUrl("jdbc:postgresql://127.0.0.1:" + closedPort + "/palisade?connectTimeout=2");
        unreachable.setUser("palisade");
        unreachable.setPassword("not-the-password");
        JdbcCustodyLedger ledger = new JdbcCustodyLedger(unreachable, Clock.systemUTC(), signer, 10);

        Function<Throwable, String> message = Throwable::getMessage;
        assertThatThrownBy(() -> ledger.append(event("gateway", 1))).isInstanceOf(LedgerUnavailableException.class)
                .hasMessageContaining("could not be written").hasMessageContaining("SQLSTATE 08001")
                .hasNoCause().extracting(message).asString().doesNotContain("127.0.0.1").doesNotContain(
                        Integer.toString(closedPort)).doesNotContain("palisade");
        assertThatThrownBy(() -> ledger.checkpointIfDue(Duration.ZERO)).isInstanceOf(LedgerUnavailableException.class);
        assertThatThrownBy(() -> ledger.export(new StringWriter())).isInstanceOf(LedgerUnavailableException.class);
    }

    @Test
    void aSignerWhoseKeyDoesNotMatchItsCertificateIsRefusedAtOnce() throws Exception {
        SoftwareCheckpointSigner other = new SoftwareCheckpointSigner();
        CheckpointSigner mismatched = new CheckpointSigner() {
            @Override
            public byte[] signCheckpoint(byte[] message) {
                return other.signCheckpoint(message);
            }

            @Override
            public java.security.cert.X509Certificate checkpointCertificate() {
                return signer.checkpointCertificate();
            }
        };
        JdbcCustodyLedger ledger = new JdbcCustodyLedger(database.dataSource(), Clock.systemUTC(), mismatched, 100);
        ledger.append(event("gateway", 1));

        assertThatThrownBy(() -> ledger.checkpointIfDue(Duration.ZERO)).isInstanceOf(LedgerUnavailableException.class)
                .hasMessageContaining("signer and certificate differ");
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select count(*) from custody_ledger_checkpoints")) {
            rows.next();
            assertThat(rows.getLong(1)).isZero();
        }
    }
}
