// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.palisade.hsm.token.HsmException.Reason;

/** Token configuration and PIN sources, without a token. */
class TokenConfigTest {

    private static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");

    @TempDir
    Path temp;

    @Test
    void toStringNamesWhereThePinIsButNeverThePin() throws Exception {
        Path pinFile = Files.writeString(temp.resolve("user.pin"), "s3cret-PIN-value");
        TokenConfig fromFile = new TokenConfig(LIBRARY, "org-keys", PinSource.file(pinFile));
        TokenConfig fromEnvironment = new TokenConfig(LIBRARY, "org-keys", PinSource.environment("PALISADE_HSM_PIN"));

        assertThat(fromFile.toString()).contains("org-keys", LIBRARY.toString(), pinFile.toString())
                .doesNotContain("s3cret-PIN-value");
        assertThat(fromEnvironment.toString()).contains("PALISADE_HSM_PIN");
    }

    @Test
    void rejectsLabelsATokenCannotCarry() {
        PinSource pin = PinSource.environment("PIN");
        assertThatThrownBy(() -> new TokenConfig(LIBRARY, "", pin)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenConfig(LIBRARY, "trailing ", pin)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenConfig(LIBRARY, "x".repeat(33), pin)).isInstanceOf(IllegalArgumentException.class);
        // 32 bytes, not 32 characters: 11 three-byte characters do not fit
        assertThatThrownBy(() -> new TokenConfig(LIBRARY, "€".repeat(11), pin))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new TokenConfig(LIBRARY, "€".repeat(10), pin).label()).hasSize(10);
    }

    @Test
    void rejectsLibraryPathsTheProviderConfigurationCannotCarry() {
        PinSource pin = PinSource.environment("PIN");
        assertThatThrownBy(() -> new TokenConfig(Path.of("libsofthsm2.so"), "l", pin))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absolute");
        assertThatThrownBy(() -> new TokenConfig(Path.of("/opt/a\"b/lib.so"), "l", pin))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenConfig(Path.of("/opt/${user.home}/lib.so"), "l", pin))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void providerConfigurationSelectsTheSlotAndKeepsGeneratedKeysInside() {
        String config = Pkcs11Token.providerConfig(new TokenConfig(Path.of("/opt/hsm vendor/lib.so"), "org keys",
                PinSource.environment("PIN")), 1234567L);

        assertThat(config).startsWith("--")
                .contains("name = Palisade-org_keys\n", "library = \"/opt/hsm vendor/lib.so\"\n", "slot = 1234567\n")
                .contains("attributes(generate, CKO_SECRET_KEY, *)", "attributes(generate, CKO_PRIVATE_KEY, *)")
                .doesNotContain("CKA_TOKEN");
        assertThat(config.split("CKA_EXTRACTABLE = false", -1)).hasSize(3);
        assertThat(config.split("CKA_SENSITIVE = true", -1)).hasSize(3);
    }

    @Test
    void aPinFileIsReadWithoutItsLineBreak() throws Exception {
        Path pinFile = Files.writeString(temp.resolve("user.pin"), "1234-abcd\r\n");

        assertThat(PinSource.file(pinFile).read()).containsExactly("1234-abcd".toCharArray());
    }

    @Test
    void aPinFileKeepsNonAsciiCharacters() throws Exception {
        Path pinFile = Files.write(temp.resolve("user.pin"), "pïn-€".getBytes(StandardCharsets.UTF_8));

        assertThat(PinSource.file(pinFile).read()).containsExactly("pïn-€".toCharArray());
    }

    @Test
    void aMissingOrEmptyPinFileIsUnavailable() throws Exception {
        Path missing = temp.resolve("missing.pin");
        Path empty = Files.writeString(temp.resolve("empty.pin"), "\n");
        Path directory = Files.createDirectory(temp.resolve("a-directory"));

        assertUnavailable(PinSource.file(missing), missing + " does not exist");
        assertUnavailable(PinSource.file(empty), "is empty");
        assertUnavailable(PinSource.file(directory), "cannot be read");
    }

    @Test
    void anEnvironmentPinIsReadFromTheNamedVariable() {
        PinSource.FromEnvironment source = new PinSource.FromEnvironment("PALISADE_HSM_PIN");
        Map<String, String> environment = Map.of("PALISADE_HSM_PIN", "9876-wxyz\n", "OTHER", "nope");

        assertThat(source.read(environment::get)).containsExactly("9876-wxyz".toCharArray());
    }

    @Test
    void aMissingOrEmptyEnvironmentPinIsUnavailableAndTheMessageNamesOnlyTheVariable() {
        PinSource.FromEnvironment source = new PinSource.FromEnvironment("PALISADE_HSM_PIN");

        assertThatThrownBy(() -> source.read(Map.of("OTHER", "value-of-other")::get))
                .isInstanceOfSatisfying(HsmException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PIN_UNAVAILABLE))
                .hasMessageContaining("PALISADE_HSM_PIN is not set")
                .hasMessageNotContaining("value-of-other");
        assertThatThrownBy(() -> source.read(Map.of("PALISADE_HSM_PIN", "")::get))
                .isInstanceOfSatisfying(HsmException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PIN_UNAVAILABLE))
                .hasMessageContaining("is empty");
        assertThatThrownBy(() -> PinSource.environment("A=B")).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertUnavailable(PinSource source, String message) {
        assertThatThrownBy(source::read)
                .isInstanceOfSatisfying(HsmException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PIN_UNAVAILABLE))
                .hasMessageContaining(message);
    }
}
