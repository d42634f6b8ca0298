// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.deploy.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the real softhsm2-util: a token created in a temporary directory. */
class SoftHsmTokenTest {

    private static final String LABEL = "palisade-unit";

    @TempDir
    Path dir;

    @Test
    void initialisesATokenThatSoftHsmListsUnderItsLabel() throws Exception {
        SoftHsmToken token = SoftHsmToken.in(dir, LABEL);
        assertThat(token.isInitialised()).isFalse();

        token.initialiseIfAbsent();

        assertThat(token.isInitialised()).isTrue();
        assertThat(token.configFile()).isEqualTo(dir.resolve("softhsm2.conf"));
        assertThat(Files.readString(token.configFile()))
                .contains("directories.tokendir = " + dir.resolve("tokens"))
                .contains("objectstore.backend = file")
                .contains("log.level = ERROR");
        assertThat(token.environment()).containsExactly(Map.entry("SOFTHSM2_CONF", dir.resolve("softhsm2.conf").toString()));
        assertThat(showSlotsLabels(token)).containsExactly(LABEL);
    }

    @Test
    void pinFilesAreReadableByTheOwnerOnlyAndDistinct() throws Exception {
        SoftHsmToken token = SoftHsmToken.in(dir, LABEL);
        token.initialiseIfAbsent();

        Set<PosixFilePermission> ownerReadWrite = Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.getPosixFilePermissions(token.userPinFile())).isEqualTo(ownerReadWrite);
        assertThat(Files.getPosixFilePermissions(token.soPinFile())).isEqualTo(ownerReadWrite);
        String userPin = Files.readString(token.userPinFile()).strip();
        String soPin = Files.readString(token.soPinFile()).strip();
        assertThat(userPin).hasSizeGreaterThanOrEqualTo(16).isNotEqualTo(soPin);
        // the user PIN really is the token's: pkcs11-tool can log in with it
        assertThat(loginSucceeds(token, userPin)).isTrue();
        assertThat(loginSucceeds(token, userPin + "x")).isFalse();
    }

    @Test
    void secondInitialisationChangesNothing() throws Exception {
        SoftHsmToken token = SoftHsmToken.in(dir, LABEL);
        token.initialiseIfAbsent();
        String userPin = Files.readString(token.userPinFile());
        String soPin = Files.readString(token.soPinFile());
        FileTime configWritten = Files.getLastModifiedTime(token.configFile());
        List<Path> tokenDirs = tokenDirectories(token);

        token.initialiseIfAbsent();
        SoftHsmToken.in(dir, LABEL).initialiseIfAbsent();

        assertThat(showSlotsLabels(token)).containsExactly(LABEL);
        assertThat(tokenDirectories(token)).isEqualTo(tokenDirs).hasSize(1);
        assertThat(Files.readString(token.userPinFile())).isEqualTo(userPin);
        assertThat(Files.readString(token.soPinFile())).isEqualTo(soPin);
        assertThat(Files.getLastModifiedTime(token.configFile())).isEqualTo(configWritten);
    }

    @Test
    void aSecondLabelInTheSameDirectoryIsASecondToken() throws Exception {
        SoftHsmToken first = SoftHsmToken.in(dir, LABEL);
        SoftHsmToken second = SoftHsmToken.in(dir, "palisade-other");
        first.initialiseIfAbsent();
        second.initialiseIfAbsent();

        assertThat(first.isInitialised()).isTrue();
        assertThat(second.isInitialised()).isTrue();
        assertThat(showSlotsLabels(first)).containsExactlyInAnyOrder(LABEL, "palisade-other");
    }

    @Test
    void aTokenWhosePinFileWasLostIsReportedNotSilentlyReused() throws Exception {
        SoftHsmToken token = SoftHsmToken.in(dir, LABEL);
        token.initialiseIfAbsent();
        Files.delete(token.userPinFile());

        assertThatThrownBy(token::initialiseIfAbsent)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SoftHSM2")
                .hasMessageContaining(token.userPinFile().toString())
                .hasMessageContaining("delete " + dir);
        assertThat(Files.exists(token.userPinFile())).isFalse();
    }

    @Test
    void neverPutsAPinInAFailureMessage() throws Exception {
        SoftHsmToken token = SoftHsmToken.in(dir, LABEL);
        token.initialiseIfAbsent();
        String userPin = Files.readString(token.userPinFile()).strip();
        String soPin = Files.readString(token.soPinFile()).strip();
        Files.delete(token.soPinFile());

        assertThatThrownBy(token::initialiseIfAbsent)
                .isInstanceOf(IllegalStateException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(userPin).doesNotContain(soPin));
        assertThat(token.toString()).doesNotContain(userPin);
    }

    @Test
    void rejectsLabelsAToken32ByteLabelFieldCannotHold() {
        assertThatThrownBy(() -> SoftHsmToken.in(dir, "x".repeat(33))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SoftHsmToken.in(dir, " padded")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SoftHsmToken.in(dir, "")).isInstanceOf(IllegalArgumentException.class);
        assertThat(SoftHsmToken.in(dir, "x".repeat(32)).label()).hasSize(32);
    }

    @Test
    void libraryDefaultsToTheDebianSoftHsmPath() {
        if (System.getenv("PALISADE_PKCS11_LIBRARY") == null) {
            assertThat(SoftHsmToken.library()).isEqualTo(Path.of("/usr/lib/softhsm/libsofthsm2.so"));
        } else {
            assertThat(SoftHsmToken.library()).isEqualTo(Path.of(System.getenv("PALISADE_PKCS11_LIBRARY")));
        }
    }

    private static List<String> showSlotsLabels(SoftHsmToken token) throws Exception {
        String output = run(token, List.of("softhsm2-util", "--show-slots"));
        return output.lines()
                .map(String::strip)
                .filter(line -> line.startsWith("Label:"))
                .map(line -> line.substring("Label:".length()).strip())
                .filter(label -> !label.isEmpty())
                .toList();
    }

    private static boolean loginSucceeds(SoftHsmToken token, String pin) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("pkcs11-tool", "--module", SoftHsmToken.library().toString(),
                "--token-label", token.label(), "--login", "--pin", pin, "--list-objects")
                .redirectErrorStream(true);
        builder.environment().putAll(token.environment());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        if (process.exitValue() != 0) {
            assertThat(output).contains("CKR_PIN_INCORRECT");
        }
        return process.exitValue() == 0;
    }

    private static String run(SoftHsmToken token, List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(token.environment());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private static List<Path> tokenDirectories(SoftHsmToken token) throws IOException {
        try (Stream<Path> entries = Files.list(token.tokensDir())) {
            return entries.sorted().toList();
        }
    }
}
