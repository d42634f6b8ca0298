// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.bench.custody;

import java.nio.file.Path;
import org.palisade.deploy.hsm.SoftHsmToken;
import org.palisade.hsm.token.PinSource;
import org.palisade.hsm.token.TokenConfig;

/**
 * The SoftHSM2 token the benchmarks use: a token of its own in the directory {@code SOFTHSM2_CONF} names
 * (set by {@code ./palisade bench} before any JVM starts, since SoftHSM reads it when the library loads).
 */
final class BenchToken {

    static final String LABEL = "palisade-bench";

    private BenchToken() {
    }

    static SoftHsmToken softHsm() {
        String conf = System.getenv("SOFTHSM2_CONF");
        if (conf == null || conf.isBlank()) {
            throw new IllegalStateException("SOFTHSM2_CONF must name the bench token's configuration (run ./palisade bench)");
        }
        return SoftHsmToken.in(Path.of(conf).toAbsolutePath().getParent(), LABEL);
    }

    static TokenConfig config() {
        SoftHsmToken token = softHsm();
        return new TokenConfig(SoftHsmToken.library(), token.label(), PinSource.file(token.userPinFile()));
    }
}
