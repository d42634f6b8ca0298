// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.bench.custody;

/** Creates the bench token before JMH forks the JVMs that open it (SoftHSM sees only tokens that exist when it loads). */
public final class BenchSetup {

    private BenchSetup() {
    }

    public static void prepareToken() {
        BenchToken.softHsm().initialiseIfAbsent();
    }
}
