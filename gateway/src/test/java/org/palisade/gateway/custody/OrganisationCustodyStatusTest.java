// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.custody;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.palisade.deploy.hsm.SoftHsmToken;
import org.palisade.deploy.testing.TestInfrastructure;
import org.palisade.hsm.token.PinSource;
import org.palisade.hsm.token.TokenConfig;
import org.palisade.hsm.token.TokenStatus;

/**
 * A misconfigured HSM turns the gateway's {@code hsm} readiness check DOWN with a reason that says what to
 * fix, against the test run's real SoftHSM2 token.
 */
class OrganisationCustodyStatusTest {

    private final SoftHsmToken token = TestInfrastructure.get().hsm();

    @Test
    void aMissingLibraryIsDown() {
        TokenStatus status = custody(Path.of("/nonexistent/libpkcs11.so"), token.label(), token.userPinFile()).status();

        assertThat(status.up()).isFalse();
        assertThat(status.reason()).isEqualTo("library missing");
    }

    @Test
    void aTokenLabelNoTokenCarriesIsDown() {
        TokenStatus status = custody(SoftHsmToken.library(), "no-such-token", token.userPinFile()).status();

        assertThat(status.up()).isFalse();
        assertThat(status.reason()).isEqualTo("token not found");
    }

    @Test
    void anUnreadablePinFileIsDown() {
        TokenStatus status = custody(SoftHsmToken.library(), token.label(), Path.of("/nonexistent/user.pin")).status();

        assertThat(status.up()).isFalse();
        assertThat(status.reason()).isEqualTo("pin unavailable");
    }

    private static OrganisationCustody custody(Path library, String label, Path pinFile) {
        // the token is never opened, so the ledger's database is never reached
        return new OrganisationCustody(new TokenConfig(library, label, PinSource.file(pinFile)), 100, null,
                Clock.systemUTC(), new SecureRandom());
    }
}
