// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.token;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.palisade.hsm.token.HsmException.Reason;

/**
 * Where the token's user PIN is read from when the token is opened: a file (mounted secret, mode 0600) or an
 * environment variable. Only the location is held, never the PIN, so the records' {@code toString()} cannot
 * show it and configuration can be logged.
 */
public sealed interface PinSource permits PinSource.FromFile, PinSource.FromEnvironment {

    static PinSource file(Path path) {
        return new FromFile(path);
    }

    static PinSource environment(String variable) {
        return new FromEnvironment(variable);
    }

    /**
     * Reads the PIN afresh; the caller wipes the returned array when done.
     *
     * @throws HsmException with {@link Reason#PIN_UNAVAILABLE} if the source is missing, unreadable or empty
     */
    char[] read();

    /** The PIN is the file's content, less a trailing line break (files written by {@code echo} have one). */
    record FromFile(Path path) implements PinSource {

        public FromFile {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public char[] read() {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(path);
            } catch (NoSuchFileException e) {
                throw new HsmException(Reason.PIN_UNAVAILABLE, "PIN file " + path + " does not exist");
            } catch (IOException e) {
                // the I/O message names the path and the OS error, never the content
                throw new HsmException(Reason.PIN_UNAVAILABLE, "PIN file " + path + " cannot be read: " + e, e);
            }
            try {
                return decode(bytes, "PIN file " + path);
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        }
    }

    /** The PIN is the variable's value, less a trailing line break. */
    record FromEnvironment(String variable) implements PinSource {

        public FromEnvironment {
            Objects.requireNonNull(variable, "variable");
            if (variable.isBlank() || variable.contains("=")) {
                throw new IllegalArgumentException("not an environment variable name: '" + variable + "'");
            }
        }

        @Override
        public char[] read() {
            return read(System::getenv);
        }

        char[] read(UnaryOperator<String> environment) {
            String value = environment.apply(variable);
            if (value == null) {
                throw new HsmException(Reason.PIN_UNAVAILABLE, "PIN environment variable " + variable + " is not set");
            }
            return decode(value.getBytes(StandardCharsets.UTF_8), "PIN environment variable " + variable);
        }
    }

    private static char[] decode(byte[] bytes, String source) {
        int length = bytes.length;
        while (length > 0 && (bytes[length - 1] == '\n' || bytes[length - 1] == '\r')) {
            length--;
        }
        if (length == 0) {
            throw new HsmException(Reason.PIN_UNAVAILABLE, source + " is empty");
        }
        CharBuffer chars;
        try {
            chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length));
        } catch (CharacterCodingException e) {
            throw new HsmException(Reason.PIN_UNAVAILABLE, source + " is not UTF-8 text");
        }
        char[] pin = Arrays.copyOfRange(chars.array(), chars.arrayOffset(), chars.arrayOffset() + chars.remaining());
        Arrays.fill(chars.array(), '\0');
        return pin;
    }
}
