// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.palisade.bench.custody.BenchDatabase;
import org.palisade.bench.custody.BenchSetup;
import org.palisade.deploy.stack.ProjectLayout;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmarks and prints, besides JMH's own table, the median of each benchmark's iterations and the
 * ratios that matter (custody against bare SunPKCS11; cache hit against an HSM decryption). Medians and ratios,
 * because these machines are shared and noisy.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        String include = args.length > 0 ? args[0] : ".*";
        BenchSetup.prepareToken();
        BenchDatabase.Started database = BenchDatabase.start(ProjectLayout.locate().root().resolve("bench/target/bench-stack"));
        Collection<RunResult> results;
        try {
            List<String> jvmOptions = new ArrayList<>(List.of("--add-exports", "jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED"));
            jvmOptions.addAll(database.forkOptions());
            ChainedOptionsBuilder options = new OptionsBuilder().include(include)
                    .forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(2))
                    .measurementIterations(5).measurementTime(TimeValue.seconds(2))
                    .jvmArgsAppend(jvmOptions.toArray(String[]::new));
            results = new Runner(options.build()).run();
        } finally {
            database.stop();
        }

        Map<String, Double> medians = new TreeMap<>();
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark().replaceAll(".*\\.", "");
            medians.put(name, result.getAggregatedResult().getPrimaryResult().getStatistics().getPercentile(50));
        }
        System.out.println();
        System.out.println("Median throughput (ops/s):");
        medians.forEach((name, median) -> System.out.printf("  %-28s %,12.0f%n", name, median));
        ratio(medians, "signThroughCustody", "signBareSunPkcs11", "custody / bare, signatures");
        ratio(medians, "decryptDekThroughCustody", "decryptDekBareSunPkcs11", "custody / bare, DEK decryptions");
        ratio(medians, "decryptDekCacheHit", "decryptDekThroughCustody", "cache hit / custody decryption");
        ratio(medians, "signWithDatabaseLedger", "signBareSunPkcs11", "custody + PostgreSQL ledger / bare, signatures");
    }

    private static void ratio(Map<String, Double> medians, String numerator, String denominator, String label) {
        if (medians.containsKey(numerator) && medians.containsKey(denominator)) {
            System.out.printf("  %-48s %8.2f%n", label, medians.get(numerator) / medians.get(denominator));
        }
    }
}
