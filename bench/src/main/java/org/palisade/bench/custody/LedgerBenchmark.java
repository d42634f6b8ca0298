// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.bench.custody;

import io.agroal.api.AgroalDataSource;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.palisade.hsm.custody.CustodyException;
import org.palisade.hsm.custody.LedgeredCustody;
import org.palisade.hsm.custody.Pkcs11KeyCustody;
import org.palisade.hsm.custody.SigningKey;
import org.palisade.hsm.ledger.CustodyEvent;
import org.palisade.hsm.ledger.JdbcCustodyLedger;
import org.palisade.hsm.ledger.Operation;
import org.palisade.hsm.ledger.Outcome;
import org.palisade.hsm.ledger.Principal;
import org.palisade.hsm.token.Pkcs11Token;

/**
 * What recording costs: appends to the PostgreSQL custody ledger (hash chain, advisory lock, commit; a signed
 * checkpoint every 100 entries), and a signature through custody with that ledger, as the gateway runs it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LedgerBenchmark {

    private static final Principal BENCH = Principal.service("bench");

    private Pkcs11Token token;
    private AgroalDataSource dataSource;
    private JdbcCustodyLedger ledger;
    private Pkcs11KeyCustody custody;
    private byte[] message;

    @Setup(Level.Trial)
    public void open() throws Exception {
        token = Pkcs11Token.open(BenchToken.config());
        dataSource = BenchDatabase.pooled();
        LedgeredCustody keys = LedgeredCustody.open(token, dataSource, Clock.systemUTC(), new SecureRandom(), 100);
        ledger = keys.ledger();
        custody = keys.custody();
        try {
            custody.initialise(BENCH);
        } catch (CustodyException e) {
            if (e.reason() != CustodyException.Reason.KEY_EXISTS) {
                throw e;
            }
        }
        message = "a device certificate to-be-signed structure".getBytes(StandardCharsets.UTF_8);
    }

    @TearDown(Level.Trial)
    public void close() {
        dataSource.close();
        token.close();
    }

    @Benchmark
    public void appendToLedger() {
        ledger.append(CustodyEvent.of("storage-kek", 1, Operation.DEK_DECRYPT, "bench-dek", BENCH, Outcome.SUCCESS, ""));
    }

    @Benchmark
    public byte[] signWithDatabaseLedger() {
        return custody.sign(SigningKey.DEVICE_CA, "bench-signature", message, BENCH);
    }
}
