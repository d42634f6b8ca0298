// SPDX-License-Identifier: AGPL-3.0-only
package org.palisade.client.messaging;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Files are encrypted on the device before upload: AES-256-GCM under a fresh random key per file, the 12-byte
 * IV first. The key and the SHA-256 digest of the uploaded ciphertext travel inside the end-to-end encrypted
 * message; the recipient checks the digest before decrypting, so a blob swapped or cut by the gateway or the
 * blob store is refused, not half-read.
 */
public final class AttachmentCipher {

  static final int KEY_BYTES = 32;
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecureRandom random;

  public AttachmentCipher(SecureRandom random) {
    this.random = random;
  }

  /** What the sender uploads and what it tells the recipients. */
  public record Sealed(byte[] ciphertext, byte[] key, byte[] digest) {}

  public Sealed encrypt(byte[] plaintext) {
    byte[] key = new byte[KEY_BYTES];
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(key);
    random.nextBytes(iv);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
      byte[] body = cipher.doFinal(plaintext);
      byte[] ciphertext = new byte[IV_BYTES + body.length];
      System.arraycopy(iv, 0, ciphertext, 0, IV_BYTES);
      System.arraycopy(body, 0, ciphertext, IV_BYTES, body.length);
      return new Sealed(ciphertext, key, sha256(ciphertext));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable in this JVM", e);
    }
  }

  /**
   * Checks the digest, then decrypts.
   *
   * @throws AttachmentTamperedException if the digest or the authentication tag does not match
   */
  public byte[] decrypt(byte[] ciphertext, byte[] key, byte[] digest) {
    if (key == null || key.length != KEY_BYTES || digest == null
        || !MessageDigest.isEqual(sha256(ciphertext), digest) || ciphertext.length < IV_BYTES + TAG_BITS / 8) {
      throw new AttachmentTamperedException();
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
          new GCMParameterSpec(TAG_BITS, Arrays.copyOf(ciphertext, IV_BYTES)));
      return cipher.doFinal(ciphertext, IV_BYTES, ciphertext.length - IV_BYTES);
    } catch (AEADBadTagException e) {
      throw new AttachmentTamperedException();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable in this JVM", e);
    }
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
    }
  }
}
