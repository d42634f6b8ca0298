// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.deploy.hsm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.palisade.deploy.stack.SecretFiles;

/**
 * A SoftHSM2 token kept in one directory: its configuration ({@code softhsm2.conf}), its object store
 * ({@code tokens/}) and its generated PINs ({@code user.pin}, {@code so.pin}, mode 0600).
 *
 * <p>SoftHSM finds its object store only through the {@code SOFTHSM2_CONF} environment variable, read when the
 * library initialises: every process that uses the token (the gateway, {@code pkcs11-tool}, a test JVM) must
 * be started with {@link #environment()} in its environment. It cannot be set from inside a running JVM.
 *
 * <p>{@code softhsm2-util} accepts PINs only as arguments (without them it insists on a terminal), so during
 * initialisation the PINs are visible in the process list to local users for the few milliseconds it runs.
 * That is acceptable for the development token this class makes; a production HSM is initialised by its
 * own tooling. PINs are never logged, and never put in an exception message.
 */
public final class SoftHsmToken {

    static final String COMPONENT = "SoftHSM2";
    private static final String DEFAULT_LIBRARY = "/usr/lib/softhsm/libsofthsm2.so";
    private static final String UTIL = "softhsm2-util";
    private static final long UTIL_TIMEOUT_SECONDS = 60;
    // PKCS#11 labels are 32 bytes, space-padded: a longer or space-ended label could never be matched again
    private static final int MAX_LABEL_BYTES = 32;

    private final Path hsmDir;
    private final String label;

    private SoftHsmToken(Path hsmDir, String label) {
        this.hsmDir = hsmDir.toAbsolutePath().normalize();
        this.label = label;
    }

    public static SoftHsmToken in(Path hsmDir, String label) {
        Objects.requireNonNull(hsmDir, "hsmDir");
        Objects.requireNonNull(label, "label");
        if (label.isBlank() || !label.equals(label.strip())
                || label.getBytes(StandardCharsets.UTF_8).length > MAX_LABEL_BYTES) {
            throw new IllegalArgumentException(COMPONENT + ": a token label must be 1 to " + MAX_LABEL_BYTES
                    + " UTF-8 bytes without leading or trailing spaces: '" + label + "'");
        }
        return new SoftHsmToken(hsmDir, label);
    }

    /** The PKCS#11 library: {@value #DEFAULT_LIBRARY}, or the path in environment variable PALISADE_PKCS11_LIBRARY. */
    public static Path library() {
        String override = System.getenv("PALISADE_PKCS11_LIBRARY");
        return Path.of(override == null || override.isBlank() ? DEFAULT_LIBRARY : override);
    }

    public String label() {
        return label;
    }

    public Path directory() {
        return hsmDir;
    }

    public Path configFile() {
        return hsmDir.resolve("softhsm2.conf");
    }

    public Path tokensDir() {
        return hsmDir.resolve("tokens");
    }

    public Path userPinFile() {
        return hsmDir.resolve("user.pin");
    }

    public Path soPinFile() {
        return hsmDir.resolve("so.pin");
    }

    /** What a process using this token needs in its environment: {@code SOFTHSM2_CONF=}{@link #configFile()}. */
    public Map<String, String> environment() {
        return Map.of("SOFTHSM2_CONF", configFile().toString());
    }

    /** Whether a token with this label exists in {@link #tokensDir()}; asks {@code softhsm2-util}. */
    public boolean isInitialised() {
        if (!Files.isRegularFile(configFile()) || !Files.isDirectory(tokensDir())) {
            return false;
        }
        return tokenLabels().contains(label);
    }

    /**
     * Creates the configuration, the PINs and the token unless the token already exists, in which case it does
     * nothing. Safe against another process initialising the same directory at the same time.
     *
     * @throws IllegalStateException if {@code softhsm2-util} is missing or fails, or if the token exists but
     *                               its PIN files are gone (the token is then unusable and must be recreated)
     */
    public void initialiseIfAbsent() {
        createPrivateDirectory(hsmDir);
        try (FileChannel lockFile = FileChannel.open(hsmDir.resolve("init.lock"),
                     StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockFile.lock()) {
            initialiseLocked();
        } catch (IOException e) {
            throw new UncheckedIOException(COMPONENT + ": cannot lock " + hsmDir + " for initialisation", e);
        }
    }

    private void initialiseLocked() {
        writeConfigIfChanged();
        if (tokenLabels().contains(label)) {
            if (!Files.isRegularFile(userPinFile()) || !Files.isRegularFile(soPinFile())) {
                throw new IllegalStateException(COMPONENT + ": token '" + label + "' exists in " + tokensDir()
                        + " but its PIN file " + userPinFile() + " or " + soPinFile() + " is missing; delete "
                        + hsmDir + " to create a new token");
            }
            return;
        }
        String userPin = SecretFiles.readOrGenerate(userPinFile());
        String soPin = SecretFiles.readOrGenerate(soPinFile());
        runUtil(List.of("--init-token", "--free", "--label", label, "--pin", userPin, "--so-pin", soPin));
        if (!tokenLabels().contains(label)) {
            throw new IllegalStateException(COMPONENT + ": softhsm2-util reported success but token '" + label
                    + "' is not listed in " + tokensDir());
        }
    }

    private void writeConfigIfChanged() {
        createPrivateDirectory(tokensDir());
        String config = "# Written by Palisade (SoftHsmToken); used through SOFTHSM2_CONF\n"
                + "directories.tokendir = " + tokensDir() + "\n"
                + "objectstore.backend = file\n"
                + "log.level = ERROR\n";
        try {
            if (Files.isRegularFile(configFile()) && Files.readString(configFile()).equals(config)) {
                return;
            }
            Files.writeString(configFile(), config, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(COMPONENT + ": cannot write " + configFile(), e);
        }
    }

    /** Labels of the initialised tokens, from {@code softhsm2-util --show-slots}. */
    List<String> tokenLabels() {
        String output = runUtil(List.of("--show-slots"));
        List<String> labels = new ArrayList<>();
        for (String line : output.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("Label:")) {
                String value = trimmed.substring("Label:".length()).strip();
                if (!value.isEmpty()) {
                    labels.add(value);
                }
            }
        }
        return labels;
    }

    /** Runs softhsm2-util against this directory's configuration; returns its output (which holds no PIN). */
    private String runUtil(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(UTIL);
        command.addAll(arguments);
        // the command line may hold PINs: describe the call by its first argument only
        String call = UTIL + " " + arguments.get(0);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(environment());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException(COMPONENT + ": cannot run " + UTIL + " (" + e.getMessage()
                    + "); install SoftHSM2, e.g. `apt-get install softhsm2`", e);
        }
        try (InputStream out = process.getInputStream()) {
            // SoftHSM prints a few lines at most; reading to the end also waits for the process to finish
            String output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(UTIL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(COMPONENT + ": " + call + " did not finish within "
                        + UTIL_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(COMPONENT + ": " + call + " failed with exit code "
                        + process.exitValue() + " (SOFTHSM2_CONF=" + configFile() + "): " + output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(COMPONENT + ": cannot read the output of " + call, e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(COMPONENT + ": interrupted while running " + call, e);
        }
    }

    private static void createPrivateDirectory(Path dir) {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir.getParent());
            // the object store is encrypted under the PINs, yet its files and the PIN files are for the owner only
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw new UncheckedIOException(COMPONENT + ": " + dir + " exists and is not a directory", e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(COMPONENT + ": cannot create " + dir, e);
        }
    }

    @Override
    public String toString() {
        return "SoftHsmToken[" + label + " in " + hsmDir + "]";
    }
}
