// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.gateway.epochs;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals data under the current epoch's key with AES-256-GCM, and opens it again while the epoch's key lives.
 *
 * <p>Sealed form, format 1: {@code 0x01 | epoch (8 bytes, big-endian) | IV (12 random bytes) | ciphertext and
 * 16-byte tag}. The additional data binds the format, the epoch, a {@code kind} naming what the bytes are
 * ({@code envelope}, {@code attachment}) and a caller's {@code context} (e.g. the recipient's routing hash), so
 * sealed bytes moved to another kind, context or epoch do not open.
 */
@ApplicationScoped
public class EpochCipher {

    static final byte FORMAT_1 = 1;
    static final int IV_BYTES = 12;
    static final int TAG_BITS = 128;
    static final int HEADER_BYTES = 1 + 8 + IV_BYTES;
    private static final byte[] LABEL = "palisade/epoch-sealed/1".getBytes(StandardCharsets.US_ASCII);

    private final EpochKeys keys;
    private final SecureRandom random;

    EpochCipher(EpochKeys keys, SecureRandom random) {
        this.keys = keys;
        this.random = random;
    }

    /** Seals under the current epoch. @throws EpochException UNAVAILABLE */
    public byte[] seal(String kind, byte[] context, byte[] plaintext) {
        long epoch = keys.currentEpoch();
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        byte[] key = keys.epochKey(epoch);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, iv);
            cipher.updateAAD(additionalData(epoch, kind, context));
            ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + cipher.getOutputSize(plaintext.length));
            out.put(FORMAT_1).putLong(epoch).put(iv);
            cipher.doFinal(ByteBuffer.wrap(plaintext), out);
            return out.array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable in this JVM", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * Opens what {@link #seal} made for the same kind and context.
     *
     * @throws EpochException UNREADABLE (malformed, tampered, other kind or context), EXPIRED, UNAVAILABLE
     */
    public byte[] open(String kind, byte[] context, byte[] sealed) {
        long epoch = epochOf(sealed);
        byte[] key = keys.epochKey(epoch);
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, Arrays.copyOfRange(sealed, 9, HEADER_BYTES));
            cipher.updateAAD(additionalData(epoch, kind, context));
            return cipher.doFinal(sealed, HEADER_BYTES, sealed.length - HEADER_BYTES);
        } catch (AEADBadTagException e) {
            throw new EpochException(EpochException.Reason.UNREADABLE, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable in this JVM", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** The epoch sealed bytes belong to. @throws EpochException UNREADABLE if they are not sealed bytes */
    public static long epochOf(byte[] sealed) {
        if (sealed == null || sealed.length < HEADER_BYTES + TAG_BITS / 8 || sealed[0] != FORMAT_1) {
            throw new EpochException(EpochException.Reason.UNREADABLE, null);
        }
        long epoch = ByteBuffer.wrap(sealed, 1, 8).getLong();
        if (epoch < 0) {
            throw new EpochException(EpochException.Reason.UNREADABLE, null);
        }
        return epoch;
    }

    private static Cipher cipher(int mode, byte[] key, byte[] iv) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
        return cipher;
    }

    private static byte[] additionalData(long epoch, String kind, byte[] context) {
        byte[] kindBytes = kind.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(LABEL.length + 1 + 8 + 2 + kindBytes.length + 4 + context.length)
                .put(LABEL).put(FORMAT_1).putLong(epoch)
                .putShort((short) kindBytes.length).put(kindBytes)
                .putInt(context.length).put(context)
                .array();
    }
}
