// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Collections;
import java.util.UUID;
import javax.crypto.KeyGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palisade.deploy.hsm.SoftHsmToken;
import org.palisade.hsm.token.HsmException.Reason;

/** Opening real SoftHSM2 tokens by label, and each way that can fail. */
class Pkcs11TokenTest {

    @TempDir
    Path temp;

    @Test
    void opensTheTokenCarryingTheLabelWhateverItsSlot() throws Exception {
        String marker = "marker-" + UUID.randomUUID();
        try (Pkcs11Token secondary = Pkcs11Token.open(TestTokens.config(TestTokens.secondary()))) {
            KeyGenerator generator = KeyGenerator.getInstance("AES", secondary.provider());
            generator.init(256);
            secondary.keyStore().setEntry(marker, new KeyStore.SecretKeyEntry(generator.generateKey()), null);
        }
        try {
            try (Pkcs11Token primary = Pkcs11Token.open(TestTokens.config(TestTokens.primary()))) {
                assertThat(primary.label()).isEqualTo(TestTokens.PRIMARY);
                assertThat(Collections.list(primary.keyStore().aliases())).doesNotContain(marker);
            }
            try (Pkcs11Token secondary = Pkcs11Token.open(TestTokens.config(TestTokens.secondary()))) {
                assertThat(secondary.label()).isEqualTo(TestTokens.SECONDARY);
                assertThat(Collections.list(secondary.keyStore().aliases())).contains(marker);
            }
        } finally {
            try (Pkcs11Token secondary = Pkcs11Token.open(TestTokens.config(TestTokens.secondary()))) {
                secondary.keyStore().deleteEntry(marker);
            }
        }
    }

    @Test
    void twoDifferentTokensCanBeOpenAtOnce() {
        try (Pkcs11Token primary = Pkcs11Token.open(TestTokens.config(TestTokens.primary()));
             Pkcs11Token secondary = Pkcs11Token.open(TestTokens.config(TestTokens.secondary()))) {
            assertThat(primary.probe().up()).isTrue();
            assertThat(secondary.probe().up()).isTrue();
            assertThat(primary.provider()).isNotSameAs(secondary.provider());
        }
    }

    @Test
    void anUnknownLabelIsReportedAsSuchWithTheLabelsThatExist() {
        TestTokens.ensureCreated();

        assertThatThrownBy(() -> Pkcs11Token.open(TestTokens.config("palisade-no-such-token")))
                .isInstanceOfSatisfying(HsmException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOKEN_NOT_FOUND))
                .hasMessageContaining("'palisade-no-such-token'")
                .hasMessageContaining(TestTokens.PRIMARY);
    }

    @Test
    void aLabelCarriedByTwoTokensIsRefusedRatherThanGuessed() {
        TestTokens.ensureCreated();
        assertThat(TestTokens.labels()).filteredOn(TestTokens.TWIN::equals).hasSize(2);

        assertThatThrownBy(() -> Pkcs11Token.open(TestTokens.config(TestTokens.TWIN)))
                .isInstanceOfSatisfying(HsmException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOKEN_AMBIGUOUS))
                .hasMessageContaining("2 tokens are labelled 'palisade-twin'");
    }

    @Test
    void aWrongPinIsReportedAsSuchAndNeverShown() throws Exception {
        SoftHsmToken token = TestTokens.primary();
        String rightPin = TestTokens.userPin(token);
        String wrongPin = rightPin + "-wrong";
        Path wrongPinFile = Files.writeString(temp.resolve("wrong.pin"), wrongPin + "\n");
        TokenConfig config = new TokenConfig(SoftHsmToken.library(), token.label(), PinSource.file(wrongPinFile));

        HsmException failure = captureOutput(() -> Pkcs11Token.open(config), rightPin, wrongPin);

        assertThat(failure.reason()).isEqualTo(Reason.PIN_INCORRECT);
        assertThat(failure.getMessage()).contains("CKR_PIN_INCORRECT").contains(wrongPinFile.toString());
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(wrongPin).doesNotContain(rightPin);
        }
        assertThat(config.toString()).doesNotContain(wrongPin);
        // the failed attempt left nothing behind: the right PIN still opens the token
        try (Pkcs11Token opened = Pkcs11Token.open(TestTokens.config(token))) {
            assertThat(opened.probe().up()).isTrue();
        }
    }

    @Test
    void aMissingPinFileIsReportedBeforeTheTokenIsTouched() {
        Path missing = temp.resolve("absent.pin");
        TokenConfig config = new TokenConfig(SoftHsmToken.library(), TestTokens.primary().label(), PinSource.file(missing));

        assertThatThrownBy(() -> Pkcs11Token.open(config))
                .isInstanceOfSatisfying(HsmException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PIN_UNAVAILABLE))
                .hasMessageContaining(missing.toString());
    }

    @Test
    void aMissingLibraryIsReportedWithWhatToInstall() {
        Path library = temp.resolve("libnothing.so");
        TokenConfig config = new TokenConfig(library, TestTokens.PRIMARY, PinSource.file(temp.resolve("pin")));

        assertThatThrownBy(() -> Pkcs11Token.open(config))
                .isInstanceOfSatisfying(HsmException.class, e -> assertThat(e.reason()).isEqualTo(Reason.LIBRARY_MISSING))
                .hasMessageContaining(library.toString())
                .hasMessageContaining("apt-get install softhsm2");
    }

    @Test
    void aFileThatIsNotAPkcs11LibraryIsReportedAsUnusable() throws Exception {
        Path notALibrary = Files.writeString(temp.resolve("libfake.so"), "not a shared object");
        TokenConfig config = new TokenConfig(notALibrary, TestTokens.PRIMARY, PinSource.file(temp.resolve("pin")));

        assertThatThrownBy(() -> Pkcs11Token.open(config))
                .isInstanceOfSatisfying(HsmException.class, e -> assertThat(e.reason()).isEqualTo(Reason.LIBRARY_UNUSABLE))
                .hasMessageContaining(notALibrary.toString());
    }

    @Test
    void aSecondOpenOfAnOpenTokenIsRefusedEvenWithAWrongPin() throws Exception {
        SoftHsmToken token = TestTokens.primary();
        Path wrongPinFile = Files.writeString(temp.resolve("wrong.pin"), "not-the-pin");
        TokenConfig wrongPin = new TokenConfig(SoftHsmToken.library(), token.label(), PinSource.file(wrongPinFile));

        try (Pkcs11Token first = Pkcs11Token.open(TestTokens.config(token))) {
            // without the check, SunPKCS11 would see the process logged in and skip C_Login: any PIN would do
            assertThatThrownBy(() -> Pkcs11Token.open(wrongPin))
                    .isInstanceOfSatisfying(HsmException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.TOKEN_ALREADY_OPEN));
            assertThatThrownBy(() -> Pkcs11Token.open(TestTokens.config(token)))
                    .isInstanceOfSatisfying(HsmException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.TOKEN_ALREADY_OPEN));
            assertThat(first.probe().up()).isTrue();
        }
        // close() logged out, so the PIN is checked again
        assertThatThrownBy(() -> Pkcs11Token.open(wrongPin))
                .isInstanceOfSatisfying(HsmException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PIN_INCORRECT));
        try (Pkcs11Token reopened = Pkcs11Token.open(TestTokens.config(token))) {
            assertThat(reopened.probe().up()).isTrue();
        }
    }

    @Test
    void theProbeReportsUpForAnOpenTokenAndDownOnceClosed() {
        Pkcs11Token token = Pkcs11Token.open(TestTokens.config(TestTokens.primary()));
        TokenStatus open = token.probe();
        token.close();
        TokenStatus closed = token.probe();

        assertThat(open).isEqualTo(new TokenStatus(true, "ok"));
        assertThat(closed.up()).isFalse();
        assertThat(closed.reason()).isEqualTo("closed");
        assertThatThrownBy(token::keyStore).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(token::provider).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theProbeAsksTheTokenWhetherTheProcessIsStillLoggedIn() {
        try (Pkcs11Token token = Pkcs11Token.open(TestTokens.config(TestTokens.primary()))) {
            assertThat(token.probe().up()).isTrue();
            // logged out behind the token's back (as a token reset would): the probe must notice, not remember
            try {
                ((java.security.AuthProvider) token.provider()).logout();
            } catch (javax.security.auth.login.LoginException e) {
                throw new AssertionError(e);
            }

            TokenStatus status = token.probe();

            assertThat(status.up()).isFalse();
            assertThat(status.reason()).isEqualTo("not logged in");
        }
    }

    private static HsmException captureOutput(Runnable action, String... secrets) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        HsmException failure = null;
        try {
            System.setOut(capture);
            System.setErr(capture);
            action.run();
        } catch (HsmException e) {
            failure = e;
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        for (String secret : secrets) {
            assertThat(output).doesNotContain(secret);
        }
        assertThat(failure).as("an HsmException").isNotNull();
        return failure;
    }
}
