// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.bench.custody;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
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
import org.palisade.hsm.custody.DekCache;
import org.palisade.hsm.custody.Pkcs11KeyCustody;
import org.palisade.hsm.custody.SigningKey;
import org.palisade.hsm.custody.WrappedDek;
import org.palisade.hsm.ledger.Principal;
import org.palisade.hsm.token.Pkcs11Token;

/**
 * Signatures and DEK decryptions through the custody interface against a bare SunPKCS11 loop on the same
 * token and keys (the ratio is custody's overhead), and the DEK cache's hit path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CustodyBenchmark {

    private static final String PURPOSE = "bench-dek";
    private static final Principal BENCH = Principal.service("bench");

    private Pkcs11Token token;
    private Pkcs11KeyCustody custody;
    private DekCache cache;
    private byte[] message;
    private WrappedDek wrapped;
    private PrivateKey signingKey;
    private Key kek;
    private byte[] aad;

    @Setup(Level.Trial)
    public void openToken() throws Exception {
        token = Pkcs11Token.open(BenchToken.config());
        custody = new Pkcs11KeyCustody(token, new CountingLedger(), Clock.systemUTC(), new SecureRandom());
        try {
            custody.initialise(BENCH);
        } catch (CustodyException e) {
            if (e.reason() != CustodyException.Reason.KEY_EXISTS) {
                throw e;
            }
        }
        message = "a 64-byte device certificate to-be-signed structure, more or less".getBytes(StandardCharsets.UTF_8);
        byte[] dek = new byte[32];
        new SecureRandom().nextBytes(dek);
        wrapped = custody.encryptDek(dek, PURPOSE, BENCH);
        cache = new DekCache(custody, Clock.systemUTC(), Duration.ofHours(1), 1024);
        cache.dek(wrapped, PURPOSE, BENCH);
        signingKey = (PrivateKey) token.keyStore().getKey(SigningKey.DEVICE_CA.alias(), null);
        kek = token.keyStore().getKey("storage-kek/" + wrapped.kekVersion(), null);
        aad = ("palisade-dek|v1|storage-kek|" + wrapped.kekVersion() + "|" + PURPOSE).getBytes(StandardCharsets.UTF_8);
    }

    @TearDown(Level.Trial)
    public void closeToken() {
        cache.close();
        token.close();
    }

    @Benchmark
    public byte[] signThroughCustody() {
        return custody.sign(SigningKey.DEVICE_CA, "bench-signature", message, BENCH);
    }

    @Benchmark
    public byte[] signBareSunPkcs11() throws Exception {
        Signature signature = Signature.getInstance("SHA256withECDSA", token.provider());
        signature.initSign(signingKey);
        signature.update(message);
        return signature.sign();
    }

    @Benchmark
    public byte[] decryptDekThroughCustody() {
        return custody.decryptDek(wrapped, PURPOSE, BENCH);
    }

    @Benchmark
    public byte[] decryptDekBareSunPkcs11() throws Exception {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", token.provider());
        cipher.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(128, wrapped.iv()));
        cipher.updateAAD(aad);
        return cipher.doFinal(wrapped.ciphertext());
    }

    @Benchmark
    public byte[] decryptDekCacheHit() {
        return cache.dek(wrapped, PURPOSE, BENCH);
    }
}
