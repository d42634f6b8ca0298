// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.deploy.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Generated secrets (PINs, passwords) kept in files readable by the owner only (mode 0600). A secret is
 * generated once, on first use, and read back afterwards; it never appears in a properties file or a log.
 */
public final class SecretFiles {

    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretFiles() {
    }

    /** Returns the secret stored in {@code file}, generating and storing a new random one if there is none. */
    public static String readOrGenerate(Path file) {
        if (Files.exists(file)) {
            return read(file);
        }
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        // URL-safe base64 without padding: 24 characters that survive shells, URLs and JSON unquoted
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        write(file, secret);
        return secret;
    }

    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read secret file " + file, e);
        }
    }

    /** Writes {@code content} to {@code file}, creating it with mode 0600 before any byte is written. */
    public static void write(Path file, String content) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (!Files.isDirectory(dir)) {
                // the directory too is the owner's alone: no listing of which secrets exist
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write secret file " + file, e);
        }
    }
}
