// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.palisade.deploy.hsm.SoftHsmToken;

/**
 * The real SoftHSM2 tokens the tests open, made with the stack's own {@link SoftHsmToken} in the directory that
 * {@code SOFTHSM2_CONF} names (surefire points it at {@code target/softhsm}). SoftHSM reads that variable once,
 * when the library is initialised, so the tokens are created before any test loads the library: every test
 * reaches the library through this class. Tokens persist until {@code mvn clean}; tests delete what they store.
 */
public final class TestTokens {

    /** Two tokens in one library, to show that the label, not the slot order, picks the token. */
    static final String PRIMARY = "palisade-test";
    // not "palisade-test-2": pkcs11-tool's --token-label matches a prefix, and would take it for PRIMARY
    static final String SECONDARY = "palisade-second";
    /** Initialised twice under the same label. */
    static final String TWIN = "palisade-twin";

    private static Path hsmDir;

    private TestTokens() {
    }

    static SoftHsmToken primary() {
        return SoftHsmToken.in(ensureCreated(), PRIMARY);
    }

    /** The second token; the custody tests use it (the token tests only add and delete a marker key there). */
    public static SoftHsmToken secondary() {
        return SoftHsmToken.in(ensureCreated(), SECONDARY);
    }

    static TokenConfig config(SoftHsmToken token) {
        return new TokenConfig(SoftHsmToken.library(), token.label(), PinSource.file(token.userPinFile()));
    }

    static TokenConfig config(String label) {
        return new TokenConfig(SoftHsmToken.library(), label, PinSource.file(primary().userPinFile()));
    }

    static String userPin(SoftHsmToken token) {
        try {
            return Files.readString(token.userPinFile()).strip();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs a SoftHSM or OpenSC tool against the test tokens (it inherits SOFTHSM2_CONF); returns its output
     * after asserting its exit code.
     */
    static String run(int expectedExit, String... command) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(command[0] + " finished").isTrue();
            assertThat(process.exitValue()).as(command[0] + " exit code; output:\n" + output).isEqualTo(expectedExit);
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command[0] + "; install softhsm2 and opensc", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static synchronized Path ensureCreated() {
        if (hsmDir != null) {
            return hsmDir;
        }
        String conf = System.getenv("SOFTHSM2_CONF");
        if (conf == null) {
            throw new IllegalStateException("SOFTHSM2_CONF is not set: run the tests through Maven, which points it"
                    + " at target/softhsm/softhsm2.conf, or set it to <dir>/softhsm2.conf yourself");
        }
        Path dir = Path.of(conf).toAbsolutePath().getParent();
        SoftHsmToken primary = SoftHsmToken.in(dir, PRIMARY);
        if (!primary.configFile().equals(Path.of(conf).toAbsolutePath())) {
            throw new IllegalStateException("SOFTHSM2_CONF must name a file called softhsm2.conf: " + conf);
        }
        primary.initialiseIfAbsent();
        SoftHsmToken.in(dir, SECONDARY).initialiseIfAbsent();
        SoftHsmToken twin = SoftHsmToken.in(dir, TWIN);
        twin.initialiseIfAbsent();
        if (labels().stream().filter(TWIN::equals).count() < 2) {
            // SoftHsmToken refuses to make a duplicate, so the second twin is made by hand
            String pin = userPin(twin);
            run(0, "softhsm2-util", "--init-token", "--free", "--label", TWIN, "--pin", pin, "--so-pin", pin);
        }
        hsmDir = dir;
        return dir;
    }

    static List<String> labels() {
        List<String> labels = new ArrayList<>();
        for (String line : run(0, "softhsm2-util", "--show-slots").split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("Label:") && !trimmed.substring(6).isBlank()) {
                labels.add(trimmed.substring(6).strip());
            }
        }
        return labels;
    }
}
