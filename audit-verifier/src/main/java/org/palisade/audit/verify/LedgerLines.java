// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.audit.verify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads an export line by line: lines end in a line feed, are UTF-8, and are at most {@value #MAX_LINE} bytes
 * (a line is about 400; the limit keeps a hostile file from exhausting memory).
 */
final class LedgerLines implements AutoCloseable {

    static final int MAX_LINE = 64 * 1024;

    /**
     * One line.
     *
     * @param number     from 1
     * @param text       the line without its line feed, or null when it is not UTF-8 or too long
     * @param terminated whether it ended with a line feed (only the last line of a cut-off file does not)
     * @param problem    why {@code text} is null
     */
    record Line(int number, String text, boolean terminated, String problem) {
    }

    private final InputStream in;
    private int number;

    LedgerLines(InputStream in) {
        this.in = in;
    }

    /** The next line, or null at the end of the file. */
    Line next() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        boolean tooLong = false;
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (bytes.size() < MAX_LINE) {
                bytes.write(b);
            } else {
                tooLong = true;
            }
        }
        if (b == -1 && bytes.size() == 0 && !tooLong) {
            return null;
        }
        number++;
        boolean terminated = b == '\n';
        if (tooLong) {
            return new Line(number, null, terminated, "longer than " + MAX_LINE + " bytes");
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
            return new Line(number, text, terminated, null);
        } catch (CharacterCodingException e) {
            return new Line(number, null, terminated, "not valid UTF-8");
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
