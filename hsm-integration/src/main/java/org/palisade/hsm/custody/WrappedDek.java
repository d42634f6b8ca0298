// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.hsm.custody;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A data key encrypted in the token under one storage-kek version with AES-GCM: the version, the 12-byte IV
 * and the ciphertext with its 16-byte tag appended. Not secret, so it may be stored next to the data it
 * protects. Arrays are copied in and out: a record holding a caller's array could change under it.
 *
 * <p>Only the shape is checked here; whether the ciphertext is the right length for a DEK is checked when it is
 * decrypted, where a malformed value counts (and is recorded) as a failed use of the key version it names.
 *
 * <p>Binary form ({@link #toBytes()}), format 1, big-endian:
 * <pre>
 *   offset 0   1 byte   format, 0x01
 *   offset 1   4 bytes  storage-kek version, 1 to 2^31-1
 *   offset 5  12 bytes  IV
 *   offset 17  2 bytes  ciphertext length n, 1 to 1024
 *   offset 19  n bytes  ciphertext, tag last
 * </pre>
 */
public record WrappedDek(int kekVersion, byte[] iv, byte[] ciphertext) {

    public static final int IV_BYTES = 12;
    static final int MAX_CIPHERTEXT_BYTES = 1024;
    private static final byte FORMAT_1 = 1;
    private static final int HEADER_BYTES = 1 + 4 + IV_BYTES + 2;

    public WrappedDek {
        if (kekVersion < 1) {
            throw CustodyException.invalidInput("a wrapped DEK's storage-kek version starts at 1");
        }
        if (iv == null || iv.length != IV_BYTES) {
            throw CustodyException.invalidInput("a wrapped DEK's IV is " + IV_BYTES + " bytes");
        }
        if (ciphertext == null || ciphertext.length < 1 || ciphertext.length > MAX_CIPHERTEXT_BYTES) {
            throw CustodyException.invalidInput("a wrapped DEK's ciphertext is 1 to " + MAX_CIPHERTEXT_BYTES
                    + " bytes");
        }
        iv = iv.clone();
        ciphertext = ciphertext.clone();
    }

    @Override
    public byte[] iv() {
        return iv.clone();
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    public byte[] toBytes() {
        return ByteBuffer.allocate(HEADER_BYTES + ciphertext.length)
                .put(FORMAT_1)
                .putInt(kekVersion)
                .put(iv)
                .putShort((short) ciphertext.length)
                .put(ciphertext)
                .array();
    }

    /**
     * Parses {@link #toBytes()}'s form exactly: no trailing bytes.
     *
     * @throws CustodyException {@link CustodyException.Reason#INVALID_INPUT} for anything else
     */
    public static WrappedDek fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER_BYTES) {
            throw CustodyException.invalidInput("a wrapped DEK is at least " + HEADER_BYTES + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.get() != FORMAT_1) {
            throw CustodyException.invalidInput("unknown wrapped DEK format");
        }
        int version = in.getInt();
        byte[] iv = new byte[IV_BYTES];
        in.get(iv);
        int length = Short.toUnsignedInt(in.getShort());
        if (length != in.remaining()) {
            throw CustodyException.invalidInput("a wrapped DEK's length field does not match its size");
        }
        byte[] ciphertext = new byte[length];
        in.get(ciphertext);
        return new WrappedDek(version, iv, ciphertext);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WrappedDek that && kekVersion == that.kekVersion
                && Arrays.equals(iv, that.iv) && Arrays.equals(ciphertext, that.ciphertext);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kekVersion, Arrays.hashCode(iv), Arrays.hashCode(ciphertext));
    }

    @Override
    public String toString() {
        return "WrappedDek[storage-kek/" + kekVersion + ", " + ciphertext.length + " bytes]";
    }
}
